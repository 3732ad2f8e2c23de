using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Core.Tests.Jobs;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Snapshots;

/// <summary>A dashboard's reader: cheap while nothing changes, never stale when the engine writes from its own connection.</summary>
public sealed class SnapshotReaderTests
{
    [Fact]
    public void With_nothing_written_a_read_returns_the_same_state_with_the_clock_moved_on()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        using (var engine = RunStore.Open(paths.Database))
        {
            new RunRecords(engine).SaveRun(Samples.Run());
        }

        var clock = new ManualClock(Samples.Start);
        using var reader = new SnapshotReader(paths, clock);
        var first = reader.Read();
        clock.Advance(TimeSpan.FromSeconds(3));
        var second = reader.Read();

        Assert.Same(first.Jobs, second.Jobs);
        Assert.Same(first.Status.Run, second.Status.Run);
        Assert.Equal(Samples.Start.AddSeconds(3), second.Status.Now);
    }

    [Fact]
    public void A_commit_from_another_connection_and_a_new_job_folder_are_seen_on_the_next_read()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        using var engine = RunStore.Open(paths.Database);
        var run = Samples.Run() with { State = RunState.Running };
        new RunRecords(engine).SaveRun(run);
        using var reader = new SnapshotReader(paths, new ManualClock(Samples.Start));
        Assert.DoesNotContain(reader.Read().Jobs, j => j.Status != JobStatus.Pending);

        var phase = new RunRecords(engine).BeginPhase(run.RunId, 1, Phase.Implement, Samples.Start);
        var afterCommit = reader.Read();
        Assert.Single(afterCommit.Jobs, j => j.Id == phase);
        Assert.Equal(0, afterCommit.Jobs.Single(j => j.Id == phase).Attempts);

        Directory.CreateDirectory(Path.Combine(paths.JobsDir, JobIds.Of(run.RunId, phase, 1, Phase.Implement, 1)));
        Assert.Equal(1, reader.Read().Jobs.Single(j => j.Id == phase).Attempts);

        new RunRecords(engine).SaveRun(run with { State = RunState.Halted, HaltReason = "halted by a test" });
        Assert.Equal(RunState.Halted, reader.Read().Status.Run!.State);
    }

    [Fact]
    public void Asked_for_a_queue_run_the_snapshot_carries_its_runner_and_jobs_and_sees_a_runner_take_the_lock()
    {
        using var queue = new QueueFixture();
        queue.Queue.Enqueue("implementer", "add a line", "sim", writes: true);
        var paths = new RunPaths(queue.Root);
        using var reader = new SnapshotReader(paths, queue.Clock) { QueueRun = "night" };

        var idle = reader.Read().Queue!;
        Assert.Equal("night", idle.Run.Name);
        Assert.Equal("add a line", Assert.Single(idle.Jobs).Prompt);
        Assert.False(idle.RunnerAlive);

        using var runner = EngineLock.TryAcquire(queue.Queue.Paths.Lock, "pid 4242 on buildbox", out _);
        var working = reader.Read().Queue!;
        Assert.True(working.RunnerAlive);
        Assert.Equal("pid 4242 on buildbox", working.Runner);
        Assert.Null(new SnapshotReader(paths, queue.Clock).Read().Queue);
    }

    [Fact]
    public void Asked_for_a_past_run_the_snapshot_shows_its_record_and_phases_as_left_whatever_the_current_run_does()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        using var engine = RunStore.Open(paths.Database);
        var records = new RunRecords(engine);
        var past = Samples.Run("run-20260119-past01") with { State = RunState.JackedOut, Phase = Phase.Audit };
        records.SaveRun(past);
        var done = records.BeginPhase(past.RunId, 1, Phase.Implement, Samples.Start);
        records.EndPhase(done, StepOutcome.Done, 0, 2, Samples.Start.AddMinutes(3));
        records.BeginPhase(past.RunId, 1, Phase.Review, Samples.Start.AddMinutes(3));
        var current = Samples.Run() with { State = RunState.Running };
        records.SaveRun(current);
        records.BeginPhase(current.RunId, 1, Phase.Implement, Samples.Start.AddHours(2));
        using var alive = EngineLock.TryAcquire(paths.EngineLock, "pid 4242 on buildbox", out _);

        using var reader = new SnapshotReader(paths, new ManualClock(Samples.Start.AddHours(3))) { PastRun = past.RunId };
        var snap = reader.Read();

        Assert.True(snap.Past);
        Assert.Equal(past.RunId, snap.Status.Run!.RunId);
        Assert.False(snap.Status.EngineAlive);
        Assert.Equal([JobStatus.Done, JobStatus.Halted], snap.Jobs.Select(j => j.Status));
        Assert.False(SnapshotReader.Once(paths, new ManualClock(Samples.Start)).Past);
    }

    [Fact]
    public void A_broken_plan_file_hides_the_plan_from_a_dashboard_but_is_an_error_for_a_command()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        paths.EnsureCreated();
        File.WriteAllText(paths.SprintPlanState, "{broken");

        using var reader = new SnapshotReader(paths, new ManualClock(Samples.Start));
        Assert.Null(reader.Read().Plan);
        Assert.Throws<StateFileException>(() => SnapshotReader.Once(paths, new ManualClock(Samples.Start)));
    }

    [Fact]
    public void A_phase_whose_engine_died_mid_turn_is_halted_and_ends_at_the_runs_last_activity()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        using var engine = RunStore.Open(paths.Database);
        var records = new RunRecords(engine);
        var run = Samples.Run() with { State = RunState.Running, LastActivity = Samples.Start.AddMinutes(5) };
        records.SaveRun(run);
        var cut = records.BeginPhase(run.RunId, 1, Phase.Implement, Samples.Start);

        // No engine holds the lock: it was killed in the turn, and nothing wrote the phase's end.
        using var reader = new SnapshotReader(paths, new ManualClock(Samples.Start.AddHours(5)));
        var row = reader.Read().Jobs.Single(j => j.Id == cut);

        Assert.Equal(JobStatus.Halted, row.Status);
        Assert.Equal(Samples.Start.AddMinutes(5), row.Ended);
        Assert.Null(row.Outcome);
    }

    [Fact]
    public void A_phase_that_stopped_to_ask_a_person_is_halted_in_the_queue_not_done()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        using var engine = RunStore.Open(paths.Database);
        var records = new RunRecords(engine);
        var run = Samples.Run() with { State = RunState.Running, Phase = Phase.AwaitingDecision, ResumePhase = Phase.Implement };
        records.SaveRun(run);
        var asked = records.BeginPhase(run.RunId, 1, Phase.Implement, Samples.Start);
        records.EndPhase(asked, StepOutcome.Asked, 0, 0, Samples.Start.AddMinutes(2));

        using var reader = new SnapshotReader(paths, new ManualClock(Samples.Start.AddMinutes(3)));

        Assert.Equal(JobStatus.Halted, reader.Read().Jobs.Single(j => j.Id == asked).Status);
    }

    [Fact]
    public void Post_PR_steps_show_the_role_that_played_them()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        using var engine = RunStore.Open(paths.Database);
        var records = new RunRecords(engine);
        var run = Samples.Run() with { State = RunState.JackedOut };
        records.SaveRun(run);
        foreach (var phase in new[] { Phase.PostPrAudit, Phase.PostPrFix, Phase.E2eTesting })
        {
            records.EndPhase(records.BeginPhase(run.RunId, 1, phase, Samples.Start), StepOutcome.Done, 0, 0, Samples.Start.AddMinutes(1));
        }

        using var reader = new SnapshotReader(paths, new ManualClock(Samples.Start.AddMinutes(3)));

        Assert.Equal(["auditor", "implementer", "e2e_tester"], reader.Read().Jobs.Select(j => $"{j.Role}"));
    }
}
