using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.Tui.Tests.Views;

namespace Ias.Tui.Tests.Dashboard;

/// <summary>The dashboard of a repository where three runs work at once, each in its own lane, driven in this process.</summary>
public sealed class ParallelRunsDashboardTests
{
    [Fact]
    public async Task The_runs_list_shows_three_runs_at_work_and_a_halt_from_one_goes_to_that_run_alone()
    {
        using var dir = new TempDir();
        var repo = new RunPaths(dir.Path);
        // Three runs at work: sprint-1 in .run/, the others beside it, each lane's lock held as its engine would hold it.
        (string? Lane, int Sprint)[] runs = [(null, 1), ("feature-sprint-2", 2), ("feature-sprint-3", 3)];
        var engines = runs.Select(r => Working(repo, r.Lane, r.Sprint)).ToList();
        try
        {
            await using var dashboard = DashboardDriver.Open(dir.Path, 160, 40, "--no-report");
            var header = (await dashboard.WaitForAsync("run-3")).Split('\n')[0];
            Assert.Contains("3 runs at work", header);

            dashboard.Keys("l");
            var list = await dashboard.WaitForAsync(s => s.Contains("run-1", StringComparison.Ordinal) && s.Contains("run-2", StringComparison.Ordinal), "the three runs listed");
            Assert.DoesNotContain("past", list);
            dashboard.Keys("j", "Enter");
            await dashboard.WaitForAsync("watching run run-2 (sprint-2), the current run");
            dashboard.Keys("h");
            await dashboard.WaitForAsync("Halt");
            dashboard.Keys("y");
            await dashboard.WaitForAsync("halt sent");

            using var store = RunStore.Open(repo.Database);
            Assert.Equal([ControlKind.Halt], store.PendingControls("feature-sprint-2").Select(c => c.Kind));
            Assert.Empty(store.PendingControls());
            Assert.Empty(store.PendingControls("feature-sprint-3"));
            dashboard.Keys("q");
            Assert.Equal(0, await dashboard.Exited);
        }
        finally
        {
            engines.ForEach(e => e.Dispose());
        }
    }

    [Fact]
    public async Task X_halts_every_run_at_work_once_confirmed_and_waits_for_two()
    {
        using var dir = new TempDir();
        var repo = new RunPaths(dir.Path);
        var engines = new List<EngineLock> { Working(repo, null, 1) };
        try
        {
            await using var dashboard = DashboardDriver.Open(dir.Path, 160, 40, "--no-report");
            await dashboard.WaitForAsync("run-1");
            dashboard.Keys("X");
            await dashboard.WaitForAsync("one run is at work: h halts it");

            engines.Add(Working(repo, "feature-sprint-2", 2));
            engines.Add(Working(repo, "feature-sprint-3", 3));
            await dashboard.WaitForAsync("3 runs at work");
            dashboard.Keys("X");
            await dashboard.WaitForAsync("Halt every run at work here");
            dashboard.Keys("y");
            await dashboard.WaitForAsync("halt sent to 3 run(s)");

            using var store = RunStore.Open(repo.Database);
            Assert.All(new string?[] { null, "feature-sprint-2", "feature-sprint-3" }, lane =>
                Assert.Equal([ControlKind.Halt], store.PendingControls(lane).Select(c => c.Kind)));
            dashboard.Keys("q");
            Assert.Equal(0, await dashboard.Exited);
        }
        finally
        {
            engines.ForEach(e => e.Dispose());
        }
    }

    // Sprint N's run RUNNING in the lane, the latest active the highest sprint, and its engine's lock taken.
    internal static EngineLock Working(RunPaths repo, string? lane, int sprint)
    {
        var paths = repo.InLane(lane);
        paths.EnsureCreated();
        using (var store = RunStore.Open(repo.Database))
        {
            var run = Fixtures.Running().Status.Run!;
            new RunRecords(store, lane).SaveRun(run with
            {
                RunId = $"run-{sprint}",
                Target = $"sprint-{sprint}",
                Branch = $"feature/sprint-{sprint}",
                State = RunState.Running,
                LastActivity = Fixtures.Now.AddMinutes(sprint - 10),
            });
        }

        return EngineLock.TryAcquire(paths.EngineLock, $"pid {4000 + sprint} on box", out _)!;
    }
}
