using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>l in the real dashboard: a finished sprint and a queue run with jobs, switched between in place.</summary>
public sealed class RunsListEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public RunsListEndToEndTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task L_lists_the_sprint_and_the_queue_run_and_enter_switches_to_the_queue_runs_jobs_and_back_without_leaving_and_q_closes_the_list()
    {
        using var repo = await QueueRepo.CreateAsync(agentsYaml: "  default: { agent: sim }\nrun_mode:\n  enabled: true\n");
        var sprint = await repo.IasAsync("run", "sprint-1", "--headless");
        Assert.True(sprint.Code == 0, sprint.Out + sprint.Err);
        await repo.EnqueueAsync("reviewer", "Review the greeting.");
        await repo.EnqueueAsync("auditor", "Audit the greeting.");
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        using var tmux = Tmux.Start(120, 40, repo.Path, repo.Env, "dashboard", "--run-mode", "--no-report");
        await tmux.WaitForAsync(" DONE ", Timeout);
        tmux.Keys("l");
        var list = await tmux.WaitForAsync("runs - enter watches", Timeout);
        Assert.Matches(@"▶ sprint DONE +run-\S+ +\d\d-\d\d \d\d:\d\d  sprint-1 · cycle \d+/\d+", list);
        Assert.Matches(@"  queue  STOPPED +night +\d\d-\d\d \d\d:\d\d  2 done", list);
        Assert.True(list.IndexOf("queue  STOPPED", StringComparison.Ordinal) < list.IndexOf("sprint DONE", StringComparison.Ordinal), "the queue run was active last, so it comes first:\n" + list);

        // The queue run is first and selected: enter watches it in the same process, its jobs in the queue pane.
        tmux.Keys("Enter");
        // A frame reaches tmux in pieces: the header can be on screen before the footer, so both are waited for.
        var queue = await tmux.WaitForAsync(
            s => s.Contains("queue run night │ 2 done", StringComparison.Ordinal) && s.Contains("watching queue run night", StringComparison.Ordinal)
                && s.Contains("✓ 0002-auditor", StringComparison.Ordinal),
            "the queue run watched, its jobs listed and the footer saying so",
            Timeout);
        Assert.Contains("✓ 0001-reviewer", queue);
        Assert.DoesNotContain("runs - enter watches", queue);

        // q over the list closes the list, as esc does; only q over the panes leaves the dashboard.
        tmux.Keys("l");
        await tmux.WaitForAsync(s => s.Contains("▶ queue  STOPPED", StringComparison.Ordinal), "the queue run marked as watched", Timeout);
        tmux.Keys("q");
        await tmux.WaitForAsync(s => s.Contains("queue run night", StringComparison.Ordinal) && !s.Contains("runs - enter watches", StringComparison.Ordinal), "the list closed by q, the dashboard still open", Timeout);
        tmux.Keys("l");
        await tmux.WaitForAsync("runs - enter watches", Timeout);
        tmux.Keys("j");
        tmux.Keys("Enter");
        var back = await tmux.WaitForAsync(s => s.Contains(" DONE ", StringComparison.Ordinal) && s.Contains("the current run", StringComparison.Ordinal), "the sprint watched again", Timeout);
        Assert.Contains("c1 IMPLEMENT", back);
        Assert.DoesNotContain("0001-reviewer", back);

        tmux.Keys("q");
        await tmux.WaitForAsync("[exited 0]");
    }
}
