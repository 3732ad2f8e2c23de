using Ias.Core.Cycles;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
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
}
