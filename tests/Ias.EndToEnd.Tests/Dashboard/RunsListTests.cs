using Ias.EndToEnd.Tests.Support;
using Ias.Tui.Tests.Dashboard;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>l in the dashboard over runs the real ias made: a finished sprint and a queue run with jobs, switched between in place.</summary>
public sealed class RunsListTests
{
    [Fact]
    public async Task L_lists_the_sprint_and_the_queue_run_and_enter_switches_to_the_queue_runs_jobs_and_back_without_leaving_and_q_closes_the_list()
    {
        using var repo = await QueueRepo.CreateAsync(agentsYaml: "  default: { agent: sim }\nrun_mode:\n  enabled: true\n");
        var sprint = await repo.IasAsync("run", "sprint-1", "--headless");
        Assert.True(sprint.Code == 0, sprint.Out + sprint.Err);
        await repo.EnqueueAsync("reviewer", "Review the greeting.");
        await repo.EnqueueAsync("auditor", "Audit the greeting.");
        await repo.OkAsync("run-loop", "--run", repo.Run, "--stop-when-idle");

        await using var dashboard = DashboardDriver.Open(repo.Path, 120, 40, "--run-mode", "--no-report");
        await dashboard.WaitForAsync(" DONE ");
        dashboard.Keys("l");
        var list = await dashboard.WaitForAsync("runs - enter watches");
        Assert.Matches(@"▶ sprint DONE +run-\S+ +\d\d-\d\d \d\d:\d\d  sprint-1 · cycle \d+/\d+", list);
        Assert.Matches(@"  queue  STOPPED +night +\d\d-\d\d \d\d:\d\d  2 done", list);
        Assert.True(list.IndexOf("queue  STOPPED", StringComparison.Ordinal) < list.IndexOf("sprint DONE", StringComparison.Ordinal), "the queue run was active last, so it comes first:\n" + list);

        // The queue run is first and selected: enter watches it in the same process, its jobs in the queue pane.
        dashboard.Keys("Enter");
        var queue = await dashboard.WaitForAsync(
            s => s.Contains("queue run night │ 2 done", StringComparison.Ordinal) && s.Contains("watching queue run night", StringComparison.Ordinal)
                && s.Contains("✓ 0002-auditor", StringComparison.Ordinal),
            "the queue run watched, its jobs listed and the footer saying so");
        Assert.Contains("✓ 0001-reviewer", queue);
        Assert.DoesNotContain("runs - enter watches", queue);

        // q over the list closes the list, as esc does; only q over the panes leaves the dashboard.
        dashboard.Keys("l");
        await dashboard.WaitForAsync(s => s.Contains("▶ queue  STOPPED", StringComparison.Ordinal), "the queue run marked as watched");
        dashboard.Keys("q");
        await dashboard.WaitForAsync(s => s.Contains("queue run night", StringComparison.Ordinal) && !s.Contains("runs - enter watches", StringComparison.Ordinal), "the list closed by q, the dashboard still open");
        dashboard.Keys("l");
        await dashboard.WaitForAsync("runs - enter watches");
        dashboard.Keys("j");
        dashboard.Keys("Enter");
        var back = await dashboard.WaitForAsync(s => s.Contains(" DONE ", StringComparison.Ordinal) && s.Contains("the current run", StringComparison.Ordinal), "the sprint watched again");
        Assert.Contains("c1 IMPLEMENT", back);
        Assert.DoesNotContain("0001-reviewer", back);

        dashboard.Keys("q");
        Assert.Equal(0, await dashboard.Exited);
    }
}
