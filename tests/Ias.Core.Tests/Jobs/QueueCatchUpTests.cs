using Ias.Core.Config;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// The runner folder follows the database: the first change after a quiet second is written at once, the changes within
/// the second after it together when the second ends (or the queue is disposed), and what a process that died before its
/// folder caught up had changed is written by the next process's catch-up.
/// </summary>
public sealed class QueueCatchUpTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly HeldTimerClock _clock = new(QueueFixture.Start);
    private readonly RunStore _store;
    private readonly QueuePaths _paths;

    public QueueCatchUpTests()
    {
        _store = RunStore.Open(_dir.Combine(".run", "ias.db"));
        JobQueue.Create(new SqliteQueueStore(_store), _dir.Path, "night", _clock);
        _paths = new QueuePaths(_dir.Path, "night");
    }

    [Fact]
    public void Changes_within_a_second_of_the_last_catch_up_wait_for_its_end_and_are_then_written_together()
    {
        using var queue = Open();
        queue.Enqueue("reviewer", "first", null, writes: false);
        Assert.True(File.Exists(_paths.JobFile(JobState.Pending, "0001-reviewer")));

        queue.Complete(queue.Claim("me")!, JobEvidence.None, "reviewed");
        queue.Enqueue("auditor", "second", null, writes: false);

        Assert.Equal(JobState.Done, queue.Find("0001-reviewer")!.State);
        Assert.True(File.Exists(_paths.JobFile(JobState.Pending, "0001-reviewer")));
        Assert.False(File.Exists(_paths.JobFile(JobState.Done, "0001-reviewer")));
        Assert.False(File.Exists(_paths.JobFile(JobState.Pending, "0002-auditor")));
        Assert.Equal(1, _clock.Armed);

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, _clock.Armed);
        QueueFixture.AssertFolderAgrees(queue);
    }

    [Fact]
    public void A_change_after_a_quiet_second_is_written_at_once()
    {
        using var queue = Open();
        queue.Enqueue("reviewer", "first", null, writes: false);
        _clock.Advance(TimeSpan.FromSeconds(5));

        queue.Claim("me");

        Assert.True(File.Exists(_paths.JobFile(JobState.Running, "0001-reviewer")));
        Assert.Equal(0, _clock.Armed);
        QueueFixture.AssertFolderAgrees(queue);
    }

    [Fact]
    public void A_change_after_a_quiet_second_whose_folder_cannot_be_written_is_rolled_back()
    {
        using var queue = Open();
        queue.Enqueue("reviewer", "first", null, writes: false);
        _clock.Advance(TimeSpan.FromSeconds(5));
        var running = _paths.StateDir(JobState.Running);
        Directory.Delete(running);
        File.WriteAllText(running, "a file where the folder should be");

        Assert.ThrowsAny<IOException>(() => queue.Claim("me"));

        Assert.Equal(JobState.Pending, queue.Find("0001-reviewer")!.State);
        Assert.Equal(0, _clock.Armed);
    }

    [Fact]
    public void Disposing_the_queue_writes_what_it_changed_since_the_last_catch_up()
    {
        var queue = Open();
        queue.Enqueue("reviewer", "first", null, writes: false);
        queue.Claim("me");

        queue.Dispose();

        QueueFixture.AssertFolderAgrees(queue);
    }

    [Fact]
    public void What_a_process_that_died_before_its_folder_caught_up_had_changed_is_written_by_the_next_ones_catch_up()
    {
        var died = Open();
        died.Enqueue("reviewer", "first", null, writes: false);
        died.Complete(died.Claim("me")!, JobEvidence.None, "reviewed");
        Assert.False(File.Exists(_paths.JobFile(JobState.Done, "0001-reviewer")));

        // The next process: its own connection to the file, its own catch-up, knowing nothing of the first one's.
        using var store = RunStore.Open(_dir.Combine(".run", "ias.db"));
        using var next = new JobQueue(store, _paths, QueueConfig.Defaults, new ManualClock(QueueFixture.Start), new FixedRandom(0.5));
        next.Enqueue("auditor", "second", null, writes: false);

        QueueFixture.AssertFolderAgrees(next);
    }

    [Fact]
    public void A_runners_queue_whose_token_was_cancelled_cannot_catch_up_and_the_checkouts_own_queue_writes_what_it_left()
    {
        using var plain = Open();
        plain.Enqueue("reviewer", "first", null, writes: false);
        using var interrupted = new CancellationTokenSource();
        var riding = new JobQueue(
            new OutageRidingStore(new SqliteQueueStore(_store), new QueueOutage(TimeSpan.FromMinutes(15), _clock, new FixedRandom(0.5)), interrupted.Token),
            _paths, QueueConfig.Defaults, _clock, new FixedRandom(0.5));
        riding.Enqueue("auditor", "second", null, writes: false);
        riding.Claim("me");
        interrupted.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(riding.Dispose);
        Assert.False(File.Exists(_paths.JobFile(JobState.Running, "0001-reviewer")));

        plain.CatchUp();

        QueueFixture.AssertFolderAgrees(plain);
    }

    [Fact]
    public void A_catch_up_that_fails_leaves_the_jobs_listed_for_the_next_one()
    {
        using var queue = Open();
        queue.Enqueue("reviewer", "first", null, writes: false);
        queue.Claim("me");
        var running = _paths.StateDir(JobState.Running);
        Directory.Delete(running);
        File.WriteAllText(running, "a file where the folder should be");

        Assert.ThrowsAny<IOException>(queue.CatchUp);

        File.Delete(running);
        Directory.CreateDirectory(running);
        queue.CatchUp();
        QueueFixture.AssertFolderAgrees(queue);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private JobQueue Open()
    {
        var queue = new JobQueue(_store, _paths, QueueConfig.Defaults, _clock, new FixedRandom(0.5));
        queue.Init();
        return queue;
    }
}
