using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Replays;
using Ias.Core.Storage;

namespace Ias.Tui.Tests.Views;

/// <summary>
/// A queue run stored in a real ias.db in a folder of its own by the real <see cref="JobQueue"/>, for replays: three jobs
/// enqueued, the first done after a minute, the second failing once, the third run and done while the second waits.
/// </summary>
public sealed class RecordedQueue : IDisposable
{
    private static readonly DateTimeOffset T0 = Fixtures.Now.AddMinutes(-30);

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("ias-queue-replay-");

    public RecordedQueue()
    {
        var paths = new RunPaths(_dir.FullName);
        Directory.CreateDirectory(paths.RunDir);
        using (var store = RunStore.Open(paths.Database))
        {
            Record(store, _dir.FullName);
        }

        Timeline = QueueTimeline.Read(paths, "night")!;
    }

    /// <summary>Its timeline: 10 moments, the third job running at moment 8, done at the last.</summary>
    public QueueTimeline Timeline { get; }

    public void Dispose() => _dir.Delete(recursive: true);

    private static void Record(RunStore store, string root)
    {
        var clock = new StepClock(T0);
        JobQueue.Create(new SqliteQueueStore(store), root, "night", clock);
        var q = new JobQueue(store, new QueuePaths(root, "night"), QueueConfig.Defaults, clock, new Random(7));
        q.Init();
        q.Enqueue("implementer", "add the feature", "sim", writes: true);
        q.Enqueue("reviewer", "review it", "sim", writes: false);
        q.Enqueue("implementer", "write its docs", "sim", writes: true);
        clock.Now += TimeSpan.FromSeconds(5);
        var first = q.Claim("pid 42 on night-box")!;
        clock.Now += TimeSpan.FromMinutes(1);
        q.Complete(q.Heartbeat(first, new JobUsage(12_000, 800, 0.04m))!, JobEvidence.None, "feature added");
        clock.Now += TimeSpan.FromSeconds(5);
        var second = q.Claim("pid 42 on night-box")!;
        clock.Now += TimeSpan.FromSeconds(10);
        q.Fail(second, FailureClass.Crash, "the agent crashed", null);
        clock.Now += TimeSpan.FromSeconds(5);
        var third = q.Claim("pid 42 on night-box")!;
        clock.Now += TimeSpan.FromSeconds(40);
        q.Complete(q.Heartbeat(third, new JobUsage(3_000, 200, 0.01m))!, JobEvidence.None, "docs written");
    }

    private sealed class StepClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
