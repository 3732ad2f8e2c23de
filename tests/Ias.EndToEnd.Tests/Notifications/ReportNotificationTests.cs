using Ias.Core.Cycles.Records;
using Ias.Core.Notifications;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Notifications;

/// <summary>
/// The `report` event through the real `ias`: once the last run or runner at work on the box ends and the box stays quiet,
/// the hook gets the night's report in counts, once; one that ends while another still works, or before another starts
/// within the quiet time, tells nothing. Each test's repository is a box of its own (<see cref="StateHome.For"/>).
/// </summary>
public sealed class ReportNotificationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_run_ending_while_a_runner_works_tells_no_report_and_the_runner_ending_last_tells_it_once()
    {
        using var outside = new TempDir();
        var hook = new HookFile(outside.Path);
        using var repo = await QueueRepo.CreateAsync(iasYaml: hook.Yaml);
        await repo.OkAsync("new-run", "day");
        await repo.OkAsync("init", "--run", "day");
        await repo.OkAsync("enqueue", "--run", "day", "--role", "reviewer", "--prompt", "Review the day.");
        await repo.EnqueueAsync("reviewer", "Review the night.");

        // The day's runner works its job, then waits for more: it is at work while the night's job runs and ends.
        await using var runner = repo.Start("run-loop", "--run", "day");
        Assert.Equal("completed", (await hook.LinesAsync(1))[0].GetProperty("event").GetString());
        await repo.OkAsync("run-once", "--run", repo.Run);
        Assert.DoesNotContain("report", Events(hook));

        await repo.OkAsync("stop", "--run", "day");
        Assert.Equal(0, await runner.ExitAsync(Timeout));

        var report = Assert.Single(hook.Lines(), n => n.GetProperty("event").GetString() == "report");
        Assert.Equal("report", Events(hook)[^1]);
        Assert.Equal("day", report.GetProperty("run").GetString());
        Assert.Matches(
            @"^the last run of the night ended: nothing needs you, 2 job\(s\) done, 0 failed, \$0\.\d+ spent; `ias report` has the rest$",
            report.GetProperty("summary").GetString());
        using var store = RunStore.Open(Path.Combine(repo.Path, ".run", "ias.db"));
        var recorded = new RunRecords(store).EventsOfKind(NotificationEvents.Kind, 0).Where(e => e.Message.StartsWith("report: ", StringComparison.Ordinal));
        Assert.Equal("day", Assert.Single(recorded).RunId);
    }

    [Fact]
    public async Task A_runner_that_ran_no_job_tells_no_report()
    {
        using var outside = new TempDir();
        var hook = new HookFile(outside.Path);
        using var repo = await QueueRepo.CreateAsync(iasYaml: hook.Yaml);

        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        Assert.Empty(hook.Lines());
        Assert.False(File.Exists(Path.Combine(StateHome.For(repo.Path), "ias", "night.ended")));
    }

    [Fact]
    public async Task Three_runs_chained_in_a_script_tell_the_night_once_after_the_last_when_the_box_stayed_quiet()
    {
        using var outside = new TempDir();
        var hook = new HookFile(outside.Path);
        // Longer than any gap between two runs of a script, on a busy machine too: a .NET start and a lock.
        using var repo = await QueueRepo.CreateAsync(iasYaml: hook.YamlQuietFor(30));
        foreach (var n in new[] { "one", "two", "three" })
        {
            await repo.EnqueueAsync("reviewer", $"Review part {n}.");
        }

        var chain = new IasProgram(["sh", "-c", "\"$@\" && \"$@\" && \"$@\"", "chain", .. IasProgram.Default.Command]);
        var ran = await IasProcess.RunAsync(chain, repo.Path, repo.Env, "run-once", "--run", repo.Run);
        Assert.True(ran.Code == 0, ran.Err);
        Commands.ChaosTests.AssertNoProcessIn(repo.Path, "the tellers wait in the state folder");

        // Each end left its decision to a teller that waited for the box to be quiet; the first two saw a later end.
        var decisions = await WatchedFile.LinesAsync(Path.Combine(StateHome.For(repo.Path), "ias", "night.log"), l => l.Count >= 3, Timeout);
        var said = string.Join('\n', decisions);
        Assert.True(decisions.All(d => d.Contains($" night of {repo.Path}, ended ", StringComparison.Ordinal)), said);
        Assert.True(decisions.Count(d => d.Contains(": not told: a run that ended later (", StringComparison.Ordinal)) == 2, said);
        Assert.True(decisions.Count(d => d.EndsWith(": told the night", StringComparison.Ordinal)) == 1, said);

        var notes = await hook.UntilAsync("report");
        Assert.Single(notes, n => n.GetProperty("event").GetString() == "report");
        Assert.Equal("report", notes[^1].GetProperty("event").GetString());
        Assert.Matches(
            @"^the last run of the night ended: nothing needs you, 3 job\(s\) done, 0 failed, \$0\.\d+ spent; `ias report` has the rest$",
            notes[^1].GetProperty("summary").GetString());
    }

    private static List<string?> Events(HookFile hook) => [.. hook.Lines().Select(n => n.GetProperty("event").GetString())];
}
