using Ias.Core.Cycles.Records;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Store;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.Tui.Dashboard;
using Ias.Tui.Tests.Views;

namespace Ias.Tui.Tests.Dashboard;

/// <summary>Which run a dashboard watches, chosen at start or from the runs list, on a real ias.db.</summary>
public sealed class WatchedRunTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ManualClock _clock = new(Fixtures.Now);

    public WatchedRunTests()
    {
        using var store = RunStore.Open(Paths.Database);
        var records = new RunRecords(store);
        records.SaveRun(Run("run-old", Fixtures.Now.AddHours(-5)));
        JobQueue.Create(new SqliteQueueStore(store), _dir.Path, "night", _clock);
        records.SaveRun(Run("run-new", Fixtures.Now.AddHours(-1)));
    }

    private RunPaths Paths => new(_dir.Path);

    [Fact]
    public void Told_nothing_the_dashboard_watches_the_latest_active_of_the_current_run_and_the_queue_runs_and_says_l_lists_the_others()
    {
        var target = DashboardTarget.Choose(_dir.Path, null, latest: false, runMode: false);

        Assert.Equal("night", target.QueueRun);
        Assert.Equal("queue run night, the latest active of 3 runs: l lists them to watch another", target.Greeting);
        Assert.Equal(DashboardTarget.RunMode, DashboardTarget.Choose(_dir.Path, null, latest: false, runMode: true));
        Assert.Equal("night", DashboardTarget.Choose(_dir.Path, "night", latest: false, runMode: false).QueueRun);
    }

    [Fact]
    public void Switching_from_the_list_reads_the_queue_run_a_past_run_read_only_and_the_current_run_again()
    {
        using var list = new RunsList(Paths);
        var runs = list.Read();
        RunSummary Row(string id) => runs.Single(r => r.Id == id);
        using var watched = new WatchedRun(Paths, _clock, DashboardTarget.RunMode);
        Assert.Equal("run-new", watched.Read().Status.Run!.RunId);

        Assert.Equal("watching queue run night", watched.Switch(Row("night")));
        var queue = watched.Read();
        Assert.Equal("night", queue.Queue!.Run.Name);
        Assert.Null(queue.Status.Run);

        Assert.Equal("watching run run-old (sprint-1), a past run: read-only", watched.Switch(Row("run-old")));
        var past = watched.Read();
        Assert.True(past.Past);
        Assert.Equal("run-old", past.Status.Run!.RunId);
        Assert.True(watched.Target.Watches(Row("run-old")));
        Assert.False(watched.Target.Watches(Row("run-new")));

        Assert.Equal("watching run run-new (sprint-1), the current run", watched.Switch(Row("run-new")));
        Assert.False(watched.Read().Past);
        Assert.Equal("run-new", watched.Read().Status.Run!.RunId);
        Assert.Equal("already watching run run-new (sprint-1), the current run", watched.Switch(Row("run-new")));
    }

    public void Dispose() => _dir.Dispose();

    private static RunSnapshot Run(string id, DateTimeOffset lastActive) =>
        Fixtures.Done().Status.Run! with { RunId = id, Started = lastActive.AddHours(-1), LastActivity = lastActive };
}
