using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Notifications;

/// <summary>
/// ias.notify.command through the real `ias` and the simulated agent: a hook script that appends its stdin to a file
/// receives one JSON object per gate, and a hook that fails never fails the run.
/// </summary>
public sealed class HookNotificationTests
{
    [Fact(Timeout = 300_000)]
    public async Task A_run_that_completes_tells_the_hook_completed_with_its_run_state_and_cycle()
    {
        using var repo = new TestRepo();
        var received = await HookAsync(repo);

        var run = await repo.IasAsync("run", "sprint-1", "--headless");

        AssertExit(0, run);
        var state = State(repo);
        // The run was the only one at work: the night's report follows its end.
        Assert.Equal(["completed", "report"], Events(received));
        var note = received.Lines()[0];
        Assert.Equal(state.GetProperty("run_id").GetString(), note.GetProperty("run").GetString());
        Assert.True(DateTimeOffset.TryParse(note.GetProperty("time").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.StartsWith("sprint-1 DONE after", note.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal("JACKED_OUT", note.GetProperty("state").GetString());
        Assert.Equal(state.GetProperty("cycles").GetProperty("current").GetInt32(), note.GetProperty("cycle").GetInt32());
        Assert.Equal(1, note.GetProperty("count").GetInt32());
    }

    [Fact(Timeout = 300_000)]
    public async Task A_run_the_breaker_halts_tells_the_hook_tripped_with_the_reason()
    {
        using var repo = new TestRepo();
        var received = await HookAsync(repo);

        // Review findings in cycle 1 ask for a cycle 2 that the limit of 1 never lets start.
        var run = await repo.IasAsync("run", "sprint-1", "--max-cycles", "1", "--headless");

        AssertExit(1, run);
        Assert.Equal(["tripped", "report"], Events(received));
        var note = received.Lines()[0];
        Assert.Equal("HALTED", note.GetProperty("state").GetString());
        Assert.Contains("cycle 2 exceeds the limit of 1 cycles", note.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("sprint-1 tripped the circuit breaker in cycle 1:", note.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 300_000)]
    public async Task Under_metadata_only_the_hook_gets_the_identifiers_and_not_the_summary_text()
    {
        using var repo = new TestRepo();
        var received = await HookAsync(repo, "  data_policy:\n    mode: metadata_only\n");

        var run = await repo.IasAsync("run", "sprint-1", "--max-cycles", "1", "--headless");

        AssertExit(1, run);
        Assert.Equal(["tripped", "report"], Events(received));
        var (note, report) = (received.Lines()[0], received.Lines()[1]);
        Assert.Equal(State(repo).GetProperty("run_id").GetString(), note.GetProperty("run").GetString());
        Assert.StartsWith("[withheld: notify.summary, sha256:", note.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("[withheld: notify.summary, sha256:", note.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("[withheld: notify.summary, sha256:", report.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sprint-1", await File.ReadAllTextAsync(received.Received), StringComparison.Ordinal);
    }

    [Fact(Timeout = 300_000)]
    public async Task An_agents_question_tells_the_hook_decision_with_how_to_answer_and_the_end_after_the_answer_completed()
    {
        using var repo = new TestRepo();
        var received = await HookAsync(repo);
        var env = await Scenario.WriteAsync(repo, """{"ask": [{"role": "implementer", "cycle": 1, "question": "Tabs or spaces?"}]}""");
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-1", "--headless");
        await engine.WaitForLineAsync("waiting for a person");

        // The hook runs beside the engine: the question reaches it while the run waits.
        var asked = (await received.LinesAsync(1))[0];
        Assert.Equal("decision", asked.GetProperty("event").GetString());
        Assert.Equal("AWAITING_DECISION", asked.GetProperty("phase").GetString());
        Assert.Equal("sprint-1 asks (D1): Tabs or spaces?; answer with `ias answer D1 \"…\"`", asked.GetProperty("summary").GetString());

        Assert.Equal(0, (await repo.IasAsync("answer", "D1", "spaces")).Code);
        Assert.Equal(0, await engine.ExitAsync());
        Assert.Equal(["decision", "completed", "report"], Events(received));
    }

    [Fact(Timeout = 300_000)]
    public async Task A_failing_hook_leaves_the_run_to_finish_and_is_logged_once_as_a_run_event()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(await File.ReadAllTextAsync(repo.ConfigPath) + "ias:\n  notify:\n    command: \"echo no webhook >&2; exit 3\"\n");

        var run = await repo.IasAsync("run", "sprint-1", "--headless");

        AssertExit(0, run);
        Assert.Equal("JACKED_OUT", State(repo).GetProperty("state").GetString());
        using var store = Ias.Core.Storage.RunStore.Open(repo.File(".run", "ias.db"));
        var failed = new Ias.Core.Cycles.Records.RunRecords(store).EventsOfKind(Ias.Core.Notifications.NotificationEvents.Failed, 0);
        var line = Assert.Single(failed).Message;
        Assert.StartsWith("notification hook `echo no webhook >&2; exit 3` exited 3 (no webhook); fix ias.notify.command", line, StringComparison.Ordinal);
    }

    private static IEnumerable<string?> Events(HookFile hook) => hook.Lines().Select(n => n.GetProperty("event").GetString());

    /// <summary>Points ias.notify.command at a script beside the repository that appends its stdin to a file.</summary>
    private static async Task<HookFile> HookAsync(TestRepo repo, string moreIas = "")
    {
        var hook = new HookFile(Path.GetDirectoryName(repo.Path)!);
        await repo.SetConfigAsync(await File.ReadAllTextAsync(repo.ConfigPath) + "ias:\n" + hook.Yaml + moreIas);
        return hook;
    }
}
