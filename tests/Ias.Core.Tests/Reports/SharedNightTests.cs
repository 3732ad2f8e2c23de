using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Decisions;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Postgres;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Reports;
using Ias.Core.Safety;
using Ias.Core.Storage;
using Ias.Core.Tests.Jobs;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Reports;

/// <summary>The morning report of a team's queue on a real PostgreSQL: every machine's jobs, questions and lost runners, each line naming its host.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedNightTests(PostgresClusterFixture postgres) : IDisposable
{
    private static readonly QueueRepository Repo = new("sha256:0123456789abcdef", "shop", "file:///srv/shop.git", "main");
    private static readonly DateTimeOffset Morning = QueueFixture.Start;
    private readonly ManualClock _clock = new(Morning.AddHours(-6));
    private readonly TempDir _dir = new();
    private readonly List<IDisposable> _open = [];

    [PostgresFact]
    public void A_shared_queue_reports_each_machines_jobs_questions_and_lost_runners_under_its_host()
    {
        var db = postgres.CreateDatabase();
        var (store, a) = Runner(db, "a", create: true);
        var (_, b) = Runner(db, "b");
        a.Enqueue("reviewer", "first", "sim", false);
        a.Enqueue("reviewer", "second", "sim", false);
        a.Enqueue("reviewer", "third", "sim", false);
        var first = a.Claim("pid 1 on box-a in /src/a")!;
        var second = b.Claim("pid 2 on box-b in /src/b")!;
        var third = b.Claim("pid 2 on box-b in /src/b")!;
        a.Heartbeat(first, new JobUsage(1000, 100, 0.25m));
        Assert.True(a.Complete(a.Find(first.Id)!, new JobEvidence([], [], "https://example.test/pr/1"), "done"));
        b.Fail(second, FailureClass.ConfigError, "unknown option", null);
        // Runner a stops as it should; runner b is not heard from again (killed, or its machine gone).
        a.SetRunner(RunnerStatus.Stopped, null, reporter: "pid 1 on box-a in /src/a");
        b.SetRunner(RunnerStatus.Running, "pid 2 on box-b in /src/b", reporter: "pid 2 on box-b in /src/b");
        store.Questions.Ask(new Decision("", "Which cache?", Morning.AddHours(-1), "night", third.Id, Decision.JobPhase, 1, "reviewer", "s-1") { Host = "box-b", Checkout = "/src/b" });

        var report = NightReader.Read(new RunPaths(Path.Combine(_dir.Path, "a")), LoaConfig.Defaults("/nowhere"), store, Morning.AddHours(-12), Morning);

        Assert.Equal([("box-a", 1, 0), ("box-b", 0, 1)], report.Jobs.OrderBy(j => j.Host).Select(j => (j.Host, j.Done, j.FailedCount)));
        Assert.Equal(["https://example.test/pr/1"], report.Jobs.Single(j => j.Host == "box-a").PullRequests);
        Assert.Equal(
            [(NeedKind.Question, "box-b", "ias answer Q1 \"…\""), (NeedKind.RunnerLost, "box-b", "ias run-loop --run night")],
            report.Needs.Select(n => (n.Kind, n.Host, n.Command)));
        // Runner b's calls: the failed attempt and the one under way on the third job.
        Assert.Equal([("sim", "box-a", 1, 0.25m), ("sim", "box-b", 2, 0m)], report.Agents.Select(u => (u.Agent, u.Host, u.Calls, u.Usd)));
        Assert.Equal(("night", 0.25m), (report.Runs.Single().Run, report.Runs.Single().Usd));
    }

    [PostgresFact]
    public void A_shared_queue_runs_breaker_tripped_in_this_checkout_is_read_from_its_own_database_beside_the_teams_rows()
    {
        var db = postgres.CreateDatabase();
        var (store, a) = Runner(db, "a", create: true);
        a.Enqueue("reviewer", "first", "sim", false);
        var paths = new RunPaths(Path.Combine(_dir.Path, "a"));
        using (var local = RunStore.Open(paths.Database))
        {
            new SafetyStore(local).SaveBreaker(QueueGate.BreakerKey("night"), CircuitBreaker.Fresh(Morning.AddHours(-3), 20, 8, 3, 5) with
            {
                State = BreakerState.Open,
                History = [new BreakerTrip(Morning.AddHours(-2), TripCause.NoProgress, null, "5 attempts in a row failed")],
            });
        }

        var report = NightReader.Read(paths, LoaConfig.Defaults("/nowhere"), store, Morning.AddHours(-12), Morning);

        var tripped = Assert.Single(report.Needs);
        Assert.Equal((NeedKind.Tripped, "night", "ias run-loop --run night --reset-breaker"), (tripped.Kind, tripped.Run, tripped.Command));
        Assert.Equal("queue: breaker open (no progress)", tripped.What);
    }

    private (PostgresQueueStore Store, JobQueue Queue) Runner(string db, string name, bool create = false)
    {
        var store = PostgresQueueStore.Open(db, Repo, DataPolicy.Default, QueueConfig.Defaults.Lease);
        _open.Add(store);
        var root = Path.Combine(_dir.Path, name);
        if (create)
        {
            JobQueue.Create(store, root, "night", _clock);
        }

        var queue = new JobQueue(store, new QueuePaths(root, "night"), QueueConfig.Defaults, _clock, new FixedRandom(0.5));
        queue.Init();
        return (store, queue);
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
