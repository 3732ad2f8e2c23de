using System.Security.Cryptography;
using Ias.Core.Agents;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Replays;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Core.Tests.Jobs;

namespace Ias.Core.Tests.Replays;

/// <summary>
/// A stored queue run as a timeline, on a real ias.db filled by the real <see cref="JobQueue"/>: three jobs enqueued, the
/// first done, the second failing once and retried, the third asking a person, then the second running again when the
/// runner was left.
/// </summary>
public sealed class QueueTimelineTests : IDisposable
{
    private const string Me = "pid 1 on here";
    private static readonly DateTimeOffset T0 = QueueFixture.Start;
    private readonly QueueFixture _f = new();
    private readonly RunPaths _paths;

    public QueueTimelineTests()
    {
        _paths = new RunPaths(_f.Root);
        Record();
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public void Its_moments_are_the_runs_creation_and_its_jobs_moves_in_time_order_and_each_attempt_begins_a_phase()
    {
        var timeline = QueueTimeline.Read(_paths, "night")!;

        Assert.Equal(("queue run night", 11), (timeline.Title, timeline.Count));
        Assert.Equal(
            ["run", "enqueued", "enqueued", "enqueued", "claimed", "done", "claimed", "retry", "claimed", "asked", "claimed"],
            Enumerable.Range(0, timeline.Count).Select(i => timeline.Moment(i).Kind));
        Assert.Equal([4, 6, 8, 10], timeline.PhaseStarts);
        Assert.StartsWith("0002-reviewer retry: boom — crash: attempt 1 of 3 failed", timeline.Moment(7).Message);
        Assert.Equal(T0.AddSeconds(40), timeline.Moment(7).At);
        Assert.Equal(T0.AddSeconds(50), timeline.Until(7));
        Assert.Equal(DateTimeOffset.MaxValue, timeline.Until(10));
    }

    [Fact]
    public void At_an_attempts_start_its_job_runs_for_the_runner_the_one_before_is_done_and_the_counts_agree()
    {
        var snap = QueueTimeline.Read(_paths, "night")!.At(6);

        Assert.Equal(["0001-implementer Done 1", "0002-reviewer Running 1", "0003-implementer Pending 0"], Rows(snap));
        var queue = snap.Queue!;
        Assert.Equal((RunnerStatus.Running, "0002-reviewer", true, Me), (queue.Run.RunnerStatus, queue.Run.CurrentJob, queue.RunnerAlive, queue.Runner));
        Assert.Equal([(JobState.Pending, 1), (JobState.Running, 1), (JobState.Done, 1)], queue.Counts.OrderBy(c => c.Key).Select(c => (c.Key, c.Value)));
        // The done job shows what its turn used; the running one has reported nothing ias.db keeps a history of.
        Assert.Equal(new JobUsage(800, 66, 0.012345m), queue.Usage);
        Assert.Equal((T0.AddSeconds(30), 6), (snap.Status.Now, snap.Replayed!.Index));
        Assert.Equal(T0.AddSeconds(30), snap.Jobs[1].Started);
        Assert.Null(snap.Status.Run);
    }

    [Fact]
    public void After_a_failed_attempt_the_job_waits_for_its_retry_and_after_a_question_it_is_blocked_with_the_runner_idle()
    {
        var timeline = QueueTimeline.Read(_paths, "night")!;

        var retried = timeline.At(7);
        Assert.Equal("0002-reviewer Pending 1", Rows(retried)[1]);
        Assert.Equal($"retry until {_f.Get("0002-reviewer").NotBefore.UtcDateTime:HH:mm:ss}", retried.Jobs[1].Waiting);
        var asked = timeline.At(9);
        Assert.Equal(["0001-implementer Done 1", "0002-reviewer Pending 1", "0003-implementer Blocked 1"], Rows(asked));
        Assert.Equal("needs an answer", asked.Jobs[2].Waiting);
        Assert.Equal((RunnerStatus.Idle, null, true), (asked.Queue!.Run.RunnerStatus, asked.Queue.Run.CurrentJob, asked.Queue.RunnerAlive));
        Assert.Equal(1, asked.Queue.Counts[JobState.Blocked]);
    }

    [Fact]
    public void The_last_moment_is_the_queue_as_it_was_left_with_no_runner()
    {
        var snap = QueueTimeline.Read(_paths, "night")!.At(10);

        Assert.Equal(["0001-implementer Done 1", "0002-reviewer Halted 2", "0003-implementer Blocked 1"], Rows(snap));
        Assert.False(snap.Queue!.RunnerAlive);
        Assert.False(snap.Status.EngineAlive);
        Assert.Equal(_f.Queue.Jobs.Select(Stored), snap.Queue.Jobs.Select(Stored));
    }

    [Fact]
    public void Reading_a_timeline_changes_no_byte_of_the_run_folder_and_an_unknown_queue_run_or_a_run_mode_id_is_none()
    {
        // The runner's queue and connection closed, as a night's end leaves ias.db and the folder: what a replay opens is
        // what is compared.
        _f.Queue.Dispose();
        _f.Store.Dispose();
        var before = Files();

        var timeline = QueueTimeline.Read(_paths, "night")!;
        for (var i = 0; i < timeline.Count; i++)
        {
            timeline.At(i);
        }

        Assert.Null(QueueTimeline.Read(_paths, "nope"));
        Assert.Equal("queue run night", ReplayTimelines.Read(_paths, "night")!.Title);
        Assert.Null(ReplayTimelines.Read(_paths, "run-20200101-nope00"));
        Assert.Equal(before, Files());
    }

    private static string Stored(Job j) => $"{j.Id} {j.State} {j.Attempts} {j.Started:O} {j.Ended:O} {j.History.Count} {j.Reason} {j.LeaseOwner} {j.Usage}";

    private static List<string> Rows(EngineSnapshot snap) => [.. snap.Jobs.Select(j => $"{j.Name} {j.Status} {j.Attempts}")];

    private SortedDictionary<string, string> Files() => new(
        Directory.EnumerateFiles(_paths.RunDir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(_paths.RunDir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);

    /// <summary>The night as the runner records it, ten seconds a step: <see cref="QueueTimeline"/> reads only what the queue's rows keep.</summary>
    private void Record()
    {
        var q = _f.Queue;
        q.Enqueue("implementer", "one", null, writes: true);
        q.Enqueue("reviewer", "two", "sim", writes: false);
        q.Enqueue("implementer", "three", null, writes: true);
        Step();
        var first = q.Claim(Me)!;
        Step();
        Assert.True(q.Complete(q.Heartbeat(first, new JobUsage(800, 66, 0.012345m))!, JobEvidence.None, "ok"));
        Step();
        var second = q.Claim(Me)!;
        Step();
        Assert.NotNull(q.Fail(second, FailureClass.Crash, "boom", null));
        Step();
        var third = q.Claim(Me)!;
        Assert.Equal("0003-implementer", third.Id);
        Step();
        Assert.True(q.Await(third, "which database?"));
        _f.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("0002-reviewer", q.Claim(Me)!.Id);

        void Step() => _f.Clock.Advance(TimeSpan.FromSeconds(10));
    }
}
