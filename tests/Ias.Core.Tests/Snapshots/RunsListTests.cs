using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Jobs.Records;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Core.Tests.Jobs;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Snapshots;

/// <summary>The runs list: every run of a checkout from ias.db, latest active first, read only when something was written.</summary>
public sealed class RunsListTests
{
    private static readonly DateTimeOffset At = QueueFixture.Start;

    [Fact]
    public void Every_recorded_run_and_queue_run_is_listed_latest_active_first_with_its_kind()
    {
        using var queue = new QueueFixture();
        queue.Queue.Enqueue("implementer", "add a line", "sim", writes: true);
        queue.Queue.Enqueue("reviewer", "review it", "sim", writes: false);
        var records = new RunRecords(queue.Store);
        records.SaveRun(Run("run-sprint", "sprint-1", "feature/sprint-1", At.AddHours(-3)) with { State = RunState.JackedOut });
        records.SaveRun(Run("run-plan", "sprint-2", "feature/sprint-plan-20261122-070000", At.AddHours(-2)) with { State = RunState.JackedOut });
        records.SaveRun(Run("run-bug", "sprint-bug-1", "bugfix/bug-1", At.AddHours(1)));

        var runs = RunsList.Of(queue.Store, new RunPaths(queue.Root));

        Assert.Equal(["run-bug", "night", "run-plan", "run-sprint"], runs.Select(r => r.Id));
        Assert.Equal([RunKind.Bug, RunKind.Queue, RunKind.Plan, RunKind.Sprint], runs.Select(r => r.Kind));
        Assert.Equal(["run-bug"], runs.Where(r => r.Current).Select(r => r.Id));
        Assert.Equal(RunState.JackedOut, runs.Single(r => r.Id == "run-plan").Run!.State);
        var night = runs.Single(r => r.Kind == RunKind.Queue);
        Assert.Equal(2, night.Jobs[JobState.Pending]);
        Assert.Equal(RunnerStatus.Idle, night.Queue!.RunnerStatus);
        Assert.False(night.RunnerAlive);
    }

    [Fact]
    public void The_rows_are_read_again_only_after_another_connection_writes_but_a_runners_lock_is_asked_at_each_look()
    {
        using var queue = new QueueFixture();
        new RunRecords(queue.Store).SaveRun(Run("run-1", "sprint-1", "feature/sprint-1", At.AddHours(-1)));
        using var list = new RunsList(new RunPaths(queue.Root));
        var first = list.Read();

        var unchanged = list.Read();
        Assert.Same(first.Single(r => r.Id == "run-1"), unchanged.Single(r => r.Id == "run-1"));
        using (EngineLock.TryAcquire(queue.Queue.Paths.Lock, "pid 4242 on buildbox", out _))
        {
            // Holding the lock is not enough: a runner frozen for longer than a lease holds it too, and reads as lost.
            queue.Clock.Set(DateTimeOffset.UtcNow - QueueConfig.Defaults.Lease - TimeSpan.FromMinutes(1));
            queue.Queue.SetRunner(RunnerStatus.Idle, "pid 4242 on buildbox");
            Assert.False(list.Read().Single(r => r.Kind == RunKind.Queue).RunnerAlive);

            queue.Clock.Set(DateTimeOffset.UtcNow);
            queue.Queue.SetRunner(RunnerStatus.Idle, "pid 4242 on buildbox");
            Assert.True(list.Read().Single(r => r.Kind == RunKind.Queue).RunnerAlive);
        }

        queue.Clock.Set(QueueFixture.Start);
        queue.Queue.SetRunner(RunnerStatus.Stopped, null);
        Assert.False(list.Read().Single(r => r.Kind == RunKind.Queue).RunnerAlive);
        new RunRecords(queue.Store).SaveRun(Run("run-2", "sprint-2", "feature/sprint-2", At.AddHours(2)));
        Assert.Equal(["run-2", "night", "run-1"], list.Read().Select(r => r.Id));
    }

    [Fact]
    public void The_run_watched_by_default_is_the_current_run_or_a_queue_run_never_an_earlier_run()
    {
        using var queue = new QueueFixture();
        var records = new RunRecords(queue.Store);
        records.SaveRun(Run("run-earlier", "sprint-1", "feature/sprint-1", At.AddHours(5)));
        records.SaveRun(Run("run-current", "sprint-2", "feature/sprint-2", At.AddHours(-1)));
        var runs = RunsList.Of(queue.Store, new RunPaths(queue.Root));
        Assert.Equal("run-earlier", runs[0].Id);
        Assert.Equal("night", RunsList.Latest(runs)!.Id);

        records.SaveRun(Run("run-current", "sprint-2", "feature/sprint-2", At.AddHours(1)));
        Assert.Equal("run-current", RunsList.Latest(RunsList.Of(queue.Store, new RunPaths(queue.Root)))!.Id);
    }

    [Fact]
    public void A_halted_run_carries_its_breaker_so_a_trip_can_be_told_from_a_halt_and_a_running_run_carries_none()
    {
        using var queue = new QueueFixture();
        var records = new RunRecords(queue.Store);
        var safety = new SafetyStore(queue.Store);
        var open = CircuitBreaker.Fresh(At, 20, 8, 3, 5) with { State = BreakerState.Open, History = [new BreakerTrip(At, TripCause.SameIssue, "4f2a", "seen 3 times")] };
        records.SaveRun(Run("run-tripped", "sprint-1", "feature/sprint-1", At) with { State = RunState.Halted });
        safety.SaveBreaker("run-tripped", open);
        records.SaveRun(Run("run-halted", "sprint-2", "feature/sprint-2", At.AddHours(1)) with { State = RunState.Halted, HaltReason = "halted from the dashboard" });
        safety.SaveBreaker("run-halted", CircuitBreaker.Fresh(At, 20, 8, 3, 5));
        records.SaveRun(Run("run-live", "sprint-3", "feature/sprint-3", At.AddHours(2)));
        safety.SaveBreaker("run-live", open);

        var runs = RunsList.Of(queue.Store, new RunPaths(queue.Root)).ToDictionary(r => r.Id);

        Assert.Equal(BreakerState.Open, runs["run-tripped"].Breaker!.State);
        Assert.Equal(TripCause.SameIssue, runs["run-tripped"].Breaker!.History.Single().Trigger);
        Assert.Equal(BreakerState.Closed, runs["run-halted"].Breaker!.State);
        Assert.Null(runs["run-live"].Breaker);
    }

    [Fact]
    public void Before_the_first_run_the_list_is_empty_and_makes_no_database()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        using var list = new RunsList(paths);

        Assert.Empty(list.Read());
        Assert.False(File.Exists(paths.Database));
        Assert.Null(RunsList.Latest([]));
    }

    private static RunSnapshot Run(string id, string target, string branch, DateTimeOffset lastActive) =>
        Samples.Run(id) with { Target = target, Branch = branch, State = RunState.Running, Phase = Phase.Review, Started = lastActive.AddHours(-1), LastActivity = lastActive };
}
