using Ias.EndToEnd.Tests.Support;
using Ias.Tui.Tests.Dashboard;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>`ias dashboard` watching a queue run whose breaker tripped: the real runner, the simulated agent, the dashboard in the test's process.</summary>
public sealed class QueueSafetyDashboardTests
{
    [Fact]
    public async Task A_tripped_queue_runs_breaker_and_hourly_calls_show_in_their_panes_and_a_reset_closes_it_on_screen()
    {
        using var repo = await QueueRepo.CreateAsync();
        await repo.ScenarioAsync("""{"fail": [{"role": "reviewer", "cycle": 1, "mode": "auth"}, {"role": "reviewer", "cycle": 2, "mode": "auth"}, {"role": "reviewer", "cycle": 3, "mode": "auth"}]}""");
        for (var i = 1; i <= 4; i++)
        {
            await repo.EnqueueAsync("reviewer", "Review the greeting.");
        }

        var tripped = await repo.IasAsync("run-loop", "--run", repo.Run, "--stop-when-idle");
        Assert.True(tripped.Code == 1, tripped.Out + tripped.Err);

        await using var dashboard = DashboardDriver.Open(repo.Path, 120, 40, "--no-report");
        var screen = await dashboard.WaitForAsync(s => s.Contains(" OPEN ", StringComparison.Ordinal), "the queue run's breaker OPEN");
        Assert.Contains("queue run night", screen);
        Assert.Contains("same issue", screen);
        Assert.Matches(@"same issue +█+ 3/3", screen);
        Assert.Contains("last trip", screen);
        Assert.Contains("same_issue: the same failure", screen);
        Assert.Matches(@"calls/hour +[█░]+ 3/100", screen);
        Assert.DoesNotContain("no run", screen);
        Assert.DoesNotContain("no calls yet", screen);

        await repo.ScenarioAsync("{}");
        var reset = await repo.IasAsync("run-loop", "--run", repo.Run, "--stop-when-idle", "--reset-breaker");
        Assert.True(reset.Code == 0, reset.Out + reset.Err);

        var closed = await dashboard.WaitForAsync(s => s.Contains(" CLOSED ", StringComparison.Ordinal), "the breaker closed by a job done after the reset");
        Assert.Matches(@"calls/hour +[█░]+ 4/100", closed);
        dashboard.Keys("q");
        Assert.Equal(0, await dashboard.Exited);
    }
}
