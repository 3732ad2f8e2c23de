using Ias.Core.Config;
using Ias.Core.Jobs;
using Ias.Core.Jobs.Postgres;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Core.Tests.Jobs;
using Ias.Core.Tests.Support;

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
        store.SaveRunner("night", new QueueRunner(Owner, RunnerStatus.Running, job.Id, _clock.GetUtcNow()));
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
        store.SaveRunner("night", new QueueRunner(Owner, RunnerStatus.Running, job.Id, _clock.GetUtcNow()));
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
