using Ias.Core.Cycles.Records;
using Ias.Core.Notifications;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Notifications;

/// <summary>
/// The queue's runner tells ias.notify.command about its gates, as an engine does: a job's question, a parked queue, the
/// drained queue and the runner's stop; through the real `ias` and the simulated agent, the hook's JSON read from its file.
/// </summary>
public sealed class QueueNotificationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_jobs_question_tells_the_hook_decision_with_its_job_and_the_drained_queue_completed()
    {
        using var outside = new TempDir();
        var hook = new HookFile(outside.Path);
        using var repo = await QueueRepo.CreateAsync(iasYaml: hook.Yaml);
        await repo.ScenarioAsync("""{"ask": [{"role": "reviewer", "cycle": 1, "question": "Tabs or spaces?"}]}""");
        await repo.EnqueueAsync("reviewer", "Review the style.");

        await using var runner = repo.Start("run-loop", "--run", repo.Run, "--stop-when-idle");

        // The hook runs beside the runner: the question reaches it while the job waits.
        var asked = (await hook.LinesAsync(1))[0];
        Assert.Equal(("decision", "night", "0001-reviewer", 1), (asked.GetProperty("event").GetString(), asked.GetProperty("run").GetString(), asked.GetProperty("job").GetString(), asked.GetProperty("count").GetInt32()));
        Assert.Equal("night job 0001-reviewer asks (D1): Tabs or spaces?; answer with `ias answer D1 \"…\"`", asked.GetProperty("summary").GetString());

        await repo.OkAsync("answer", "D1", "spaces");
        Assert.Equal(0, await runner.ExitAsync(Timeout));
        var drained = hook.Lines()[^2];
        Assert.Equal(("completed", "queue run night drained: 1 done, 0 failed"), (drained.GetProperty("event").GetString(), drained.GetProperty("summary").GetString()));
        Assert.Equal(["decision", "completed", "report"], Recorded(repo));
    }

    [Fact]
    public async Task A_parked_queue_tells_the_hook_usage_limit_and_a_runner_stopped_by_ias_stop_halted()
    {
        using var outside = new TempDir();
        var hook = new HookFile(outside.Path);
        using var repo = await QueueRepo.CreateAsync(iasYaml: hook.Yaml);
        await repo.ScenarioAsync("""{"fail": [{"role": "reviewer", "cycle": 1, "mode": "usage_limit"}]}""");
        await repo.EnqueueAsync("reviewer", "Hits the limit.");

        await using var runner = repo.Start("run-loop", "--run", repo.Run);
        var parked = (await hook.LinesAsync(1))[0];
        Assert.Equal(("usage_limit", "0001-reviewer"), (parked.GetProperty("event").GetString(), parked.GetProperty("job").GetString()));
        Assert.StartsWith("queue run night parked until ", parked.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("usage_limit: the agent's usage limit resets at ", parked.GetProperty("reason").GetString(), StringComparison.Ordinal);

        await repo.OkAsync("stop", "--run", repo.Run);
        Assert.Equal(0, await runner.ExitAsync(Timeout));

        // The stop came within the quiet spell after the park, so it went out as the runner ended, on its own.
        var stopped = hook.Lines()[^2];
        Assert.Equal(("halted", 1), (stopped.GetProperty("event").GetString(), stopped.GetProperty("count").GetInt32()));
        Assert.Equal("runner of night stopped on request (`ias stop`) after 1 job(s)", stopped.GetProperty("summary").GetString());
        Assert.Equal(["usage_limit", "halted", "report"], Recorded(repo));
    }

    /// <summary>The kinds of the notifications the runner recorded as events of the queue run, in order.</summary>
    private static List<string> Recorded(QueueRepo repo)
    {
        using var store = RunStore.Open(Path.Combine(repo.Path, ".run", "ias.db"));
        return [.. new RunRecords(store).EventsOfKind(NotificationEvents.Kind, 0).Where(e => e.RunId == "night").Select(e => e.Message.Split(':')[0])];
    }
}
