using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Jobs.Postgres;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Core.Tests.Jobs;
using Ias.Core.Tests.Support;
using Npgsql;

namespace Ias.Core.Tests.Snapshots;

/// <summary>The shared queue as a dashboard watches it, on a real PostgreSQL: one connection, one look a second, failures as one line.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedQueueTests(PostgresClusterFixture postgres) : IDisposable
{
    private static readonly QueueRepository Repo = new("sha256:0123456789abcdef", "shop", "file:///srv/shop.git", "main");

    private readonly ManualClock _clock = new(QueueFixture.Start);
    private readonly TempDir _dir = new();
    private readonly List<IDisposable> _open = [];

    [PostgresFact]
    public void A_look_within_a_second_of_the_last_is_answered_from_it_and_the_next_second_reads_the_change()
    {
        var db = postgres.CreateDatabase();
        var queue = Runner(db, "runner");
        queue.Enqueue("reviewer", "first", null, false);
        var opens = 0;
        using var shared = new SharedQueue(() => { opens++; return Open(db); }, _clock);

        Assert.Equal(["0001-reviewer"], shared.Queue("night")!.Jobs.Select(j => j.Id));
        queue.Enqueue("auditor", "second", null, false);
        _clock.Advance(SharedQueue.Interval - TimeSpan.FromMilliseconds(1));
        Assert.Single(shared.Queue("night")!.Jobs);
        Assert.Equal(["night"], shared.Runs().Select(r => r.Id));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["0001-reviewer", "0002-auditor"], shared.Queue("night")!.Jobs.Select(j => j.Id));
        Assert.Null(shared.Queue("absent"));
        Assert.Equal(1, opens);
        Assert.Null(shared.Problem);
    }

    [PostgresFact]
    public void A_store_that_cannot_be_opened_is_one_line_kept_and_tried_again_no_sooner_than_a_second_later()
    {
        var db = postgres.CreateDatabase();
        Runner(db, "runner").Enqueue("reviewer", "first", null, false);
        var opens = 0;
        using var shared = new SharedQueue(() => ++opens == 1 ? Open("Host=/nonexistent-socket-dir;Database=ias;Username=ias") : Open(db), _clock);

        Assert.Null(shared.Queue("night"));
        Assert.StartsWith("cannot use the shared queue at ", shared.Problem);
        Assert.DoesNotContain("\n", shared.Problem!, StringComparison.Ordinal);
        Assert.Null(shared.Queue("night"));
        Assert.Equal(1, opens);

        _clock.Advance(SharedQueue.Interval);
        Assert.Single(shared.Queue("night")!.Jobs);
        Assert.Null(shared.Problem);
        Assert.Equal(2, opens);
    }

    [PostgresFact]
    public void A_job_held_by_a_runner_of_another_checkout_says_where_it_runs_and_has_no_log_here()
    {
        var db = postgres.CreateDatabase();
        var queue = Runner(db, "runner");
        queue.Enqueue("reviewer", "first", null, false);
        const string Owner = "pid 42 on elsewhere in /src/shop";
        var job = queue.Claim(Owner)!;
        var store = Open(db);
        store.SaveRunner("night", new RunnerRow(Owner, RunnerStatus.Running, job.Id, _clock.GetUtcNow()));
        using var shared = new SharedQueue(() => store, _clock);
        var here = new RunPaths(_dir.Combine("here"));

        var snap = shared.Queue("night")!;
        var row = SharedQueue.Row(snap.Jobs.Single(), snap, here, _clock.GetUtcNow());

        Assert.Equal((JobStatus.Running, null, $"runs on {Owner}"), (row.Status, row.JobDir, row.Where));
        Assert.Equal($"1 runner(s) active: {Owner}", snap.Runner);
        Assert.True(snap.RunnerAlive);
    }

    [PostgresFact]
    public void A_runner_not_heard_from_for_longer_than_a_lease_reads_as_lost_not_active_so_the_run_has_no_runner_at_work()
    {
        var db = postgres.CreateDatabase();
        var queue = Runner(db, "runner");
        queue.Enqueue("reviewer", "first", null, false);
        const string Owner = "pid 42 on elsewhere in /src/shop";
        var job = queue.Claim(Owner)!;
        var store = Open(db);
        store.SaveRunner("night", new RunnerRow(Owner, RunnerStatus.Running, job.Id, _clock.GetUtcNow()));
        var lease = TimeSpan.FromMinutes(2);
        using var shared = new SharedQueue(() => store, _clock, lease);
        Assert.True(shared.Queue("night")!.RunnerAlive);

        _clock.Advance(lease + TimeSpan.FromSeconds(1));
        var snap = shared.Queue("night")!;

        Assert.False(snap.RunnerAlive);
        Assert.Equal(RunnerStatus.Lost, snap.Runners.Single().Status);
        Assert.Equal(RunnerStatus.Stopped, snap.Run.RunnerStatus);
        Assert.Equal("no runner active · 1 lost", snap.Runner);
        Assert.False(shared.Runs().Single().RunnerAlive);
    }

    [PostgresFact]
    public void An_unchanged_queue_is_the_same_list_and_counts_at_the_next_look_and_a_change_or_a_new_job_makes_a_new_one()
    {
        var db = postgres.CreateDatabase();
        var queue = Runner(db, "runner");
        queue.Enqueue("reviewer", "first", null, false);
        queue.Enqueue("auditor", "second", null, false);
        using var shared = new SharedQueue(() => Open(db), _clock);
        var first = shared.Queue("night")!;

        _clock.Advance(SharedQueue.Interval);
        var idle = shared.Queue("night")!;
        Assert.Same(first.Jobs, idle.Jobs);
        Assert.Same(first.Counts, idle.Counts);

        queue.Claim("pid 7 on here in /src/shop");
        queue.Enqueue("implementer", "third", null, true);
        _clock.Advance(SharedQueue.Interval);
        var changed = shared.Queue("night")!;

        Assert.NotSame(idle.Jobs, changed.Jobs);
        Assert.Equal(["0001-reviewer", "0002-auditor", "0003-implementer"], changed.Jobs.Select(j => j.Id));
        Assert.Equal([JobState.Running, JobState.Pending, JobState.Pending], changed.Jobs.Select(j => j.State));
        Assert.Equal(2, changed.Counts[JobState.Pending]);
        // The list handed out before stays as it was.
        Assert.Equal([JobState.Pending, JobState.Pending], idle.Jobs.Select(j => j.State));
    }

    [PostgresFact]
    public void A_job_written_by_a_transaction_open_across_a_look_is_seen_at_the_look_after_it_commits()
    {
        var db = postgres.CreateDatabase();
        var queue = Runner(db, "runner");
        queue.Enqueue("reviewer", "first", null, false);
        var feed = Open(db);
        var whole = feed.JobsChanged("night", null);
        Assert.Equal(JobState.Pending, whole.Jobs.Single().Job.State);

        using var writer = new NpgsqlConnection(db);
        writer.Open();
        using var tx = writer.BeginTransaction();
        using (var update = new NpgsqlCommand("UPDATE queue_jobs SET reason = 'written late' WHERE id = '0001-reviewer';", writer, tx))
        {
            update.ExecuteNonQuery();
        }

        // A later transaction commits first; the writer is open as this look begins: its row is not seen, and the horizon
        // stays before it, not after the later one.
        queue.Enqueue("auditor", "committed first", null, false);
        var during = feed.JobsChanged("night", whole.Horizon);
        Assert.Equal(["0002-auditor"], during.Jobs.Select(r => r.Job.Id));
        tx.Commit();

        var after = feed.JobsChanged("night", during.Horizon);
        Assert.Equal("written late", after.Jobs.Single(r => r.Job.Id == "0001-reviewer").Job.Reason);
        Assert.NotEqual(whole.Jobs.Single().Writer, after.Jobs.Single(r => r.Job.Id == "0001-reviewer").Writer);

        // Once no transaction is open, a look after it finds nothing new.
        Assert.Empty(feed.JobsChanged("night", feed.JobsChanged("night", after.Horizon).Horizon).Jobs);
    }

    [PostgresFact]
    public void A_dashboards_rows_are_made_again_only_when_the_jobs_change_or_a_waiting_jobs_time_comes()
    {
        var db = postgres.CreateDatabase();
        var queue = Runner(db, "runner");
        queue.Enqueue("reviewer", "first", null, false);
        var job = queue.Claim("pid 7 on here in /src/shop")!;
        queue.Fail(job, FailureClass.Network, "the remote hung up", null);
        using var shared = new SharedQueue(() => Open(db), _clock);
        using var reader = new SnapshotReader(new RunPaths(_dir.Combine("here")), _clock) { QueueRun = "night", QueueOnly = true, Shared = shared };

        var waiting = reader.Read().Jobs.Single();
        Assert.Contains(" until ", waiting.Waiting, StringComparison.Ordinal);
        _clock.Advance(SharedQueue.Interval);
        Assert.Same(waiting, reader.Read().Jobs.Single());

        _clock.Advance(queue.Jobs.Single().NotBefore - _clock.GetUtcNow());
        Assert.Null(reader.Read().Jobs.Single().Waiting);
    }

    private PostgresQueueStore Open(string db)
    {
        var store = PostgresQueueStore.Open(db, Repo, DataPolicy.Default, QueueConfig.Defaults.Lease);
        _open.Add(store);
        return store;
    }

    private JobQueue Runner(string db, string name)
    {
        var store = Open(db);
        var root = _dir.Combine(name);
        JobQueue.Create(store, root, "night", _clock);
        var queue = new JobQueue(store, new QueuePaths(root, "night"), QueueConfig.Defaults, _clock, new FixedRandom(0.5));
        queue.Init();
        return queue;
    }

    public void Dispose()
    {
        foreach (var open in _open)
        {
            open.Dispose();
        }

        _dir.Dispose();
    }
}
