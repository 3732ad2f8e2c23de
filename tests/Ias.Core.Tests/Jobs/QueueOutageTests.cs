using Ias.Core.Config;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Tests.Jobs;

/// <summary>How a runner rides out its database going away: backoff with jitter, told once each way, and one line when it gives up.</summary>
public sealed class QueueOutageTests
{
    private static readonly DateTimeOffset T0 = QueueFixture.Start;

    [Fact(Timeout = 30_000)]
    public async Task A_request_is_asked_again_with_doubling_jittered_waits_until_the_database_answers_and_the_outage_is_told_once_each_way()
    {
        var clock = new SteppingClock(T0);
        var told = new List<QueueOutageChange>();
        var outage = new QueueOutage(TimeSpan.FromMinutes(15), clock, new FixedRandom(0.5)) { Told = told.Add };
        var asked = 0;

        var result = await Task.Run(() => outage.Ride(() => ++asked <= 4 ? throw Refused() : "recorded", CancellationToken.None));

        Assert.Equal(("recorded", 5), (result, asked));
        // 1 s, 2 s, 4 s, 8 s, each three quarters of itself with the jitter at one half.
        Assert.Equal([0.75, 1.5, 3, 6], clock.Waits.Select(w => w.TotalSeconds));
        Assert.Equal([QueueOutageKind.Lost, QueueOutageKind.Back], told.Select(c => c.Kind));
        Assert.Equal((T0, T0 + TimeSpan.FromMinutes(15)), (told[0].Since, told[0].At));
        Assert.Contains("connection refused", told[0].Cause, StringComparison.Ordinal);
        Assert.Equal(T0 + TimeSpan.FromSeconds(11.25), told[1].At);
        Assert.Null(outage.Since);
    }

    [Fact(Timeout = 30_000)]
    public async Task No_wait_grows_past_half_a_minute_and_the_last_ends_when_the_limit_does()
    {
        var clock = new SteppingClock(T0);
        var outage = new QueueOutage(TimeSpan.FromMinutes(2), clock, new FixedRandom(1.0));

        await Assert.ThrowsAsync<QueueException>(() => Task.Run(() => outage.Ride<int>(() => throw Refused(), CancellationToken.None)));

        Assert.All(clock.Waits, w => Assert.True(w <= QueueOutage.LongestWait, w.ToString()));
        Assert.Equal(T0 + TimeSpan.FromMinutes(2), clock.GetUtcNow());
    }

    [Fact(Timeout = 30_000)]
    public async Task A_database_gone_longer_than_the_limit_makes_the_runner_give_up_in_one_line_naming_the_key()
    {
        var clock = new SteppingClock(T0);
        var told = new List<QueueOutageChange>();
        var outage = new QueueOutage(TimeSpan.FromMinutes(15), clock, new FixedRandom(0.5)) { Told = told.Add };

        var e = await Assert.ThrowsAsync<QueueException>(() => Task.Run(() => outage.Ride<int>(() => throw Refused(), CancellationToken.None)));

        Assert.IsNotType<QueueUnreachableException>(e);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("ias.queue.outage_minutes (15)", e.Message, StringComparison.Ordinal);
        Assert.Contains("start it again once the database is back", e.Message, StringComparison.Ordinal);
        Assert.Equal([QueueOutageKind.Lost, QueueOutageKind.GaveUp], told.Select(c => c.Kind));
        Assert.Equal(T0 + TimeSpan.FromMinutes(15), told[1].At);
    }

    [Fact]
    public void A_mistake_in_the_request_is_not_an_outage_and_is_not_asked_again()
    {
        var outage = new QueueOutage(TimeSpan.FromMinutes(15), new SteppingClock(T0), new FixedRandom(0.5));
        var asked = 0;

        Assert.Throws<InvalidOperationException>(() => outage.Ride<int>(() => { asked++; throw new InvalidOperationException("bug"); }, CancellationToken.None));

        Assert.Equal(1, asked);
        Assert.True(QueueOutage.IsOutage(new SqliteException("database is locked", 5)));
        Assert.False(QueueOutage.IsOutage(new SqliteException("constraint failed", 19)));
    }

    [Fact(Timeout = 30_000)]
    public async Task A_runner_records_a_result_through_a_database_that_was_locked_and_asks_the_whole_transaction_again()
    {
        using var q = new QueueFixture();
        var job = q.Queue.Enqueue("reviewer", "look", null, false);
        var claimed = q.Queue.Claim("runner")!;
        var clock = new SteppingClock(T0);
        var told = new List<QueueOutageKind>();
        var flaky = new FlakyStore(new SqliteQueueStore(q.Store), failures: 3);
        var riding = new JobQueue(new OutageRidingStore(flaky, new QueueOutage(TimeSpan.FromMinutes(15), clock, new FixedRandom(0.5)) { Told = c => told.Add(c.Kind) }, CancellationToken.None),
            q.Queue.Paths, QueueConfig.Defaults, q.Clock, new FixedRandom(0.5));

        var recorded = await Task.Run(() => riding.Complete(claimed, JobEvidence.None, "done"));

        Assert.True(recorded);
        Assert.Equal(JobState.Done, q.Queue.Find(job.Id)!.State);
        Assert.Equal(4, flaky.Transactions);
        Assert.Equal([QueueOutageKind.Lost, QueueOutageKind.Back], told);
    }

    [Fact]
    public void The_outage_limit_is_read_from_ias_queue_outage_minutes_and_is_a_quarter_of_an_hour_by_default()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine(ConfigLoader.FileName), "ias:\n  queue: { outage_minutes: 2.5 }\n");

        Assert.Equal(TimeSpan.FromMinutes(2.5), ConfigLoader.Load(dir.Path, Core.Agents.Adapters.AgentAdapters.Builtin.Kinds).Config.Queue.OutageLimit);
        Assert.Equal(TimeSpan.FromMinutes(15), QueueConfig.Defaults.OutageLimit);
    }

    private static QueueUnreachableException Refused() =>
        new("lost the connection to the shared queue at db/ias (connection refused)", new IOException("connection refused"));

    // The checkout's store, whose first transactions fail as a SQLite file locked past its busy timeout does, part-way through.
    private sealed class FlakyStore(IQueueStore inner, int failures) : QueueStoreDecorator(inner)
    {
        public int Transactions { get; private set; }

        public override void Transaction(Action action)
        {
            Transactions++;
            Inner.Transaction(() =>
            {
                action();
                if (Transactions <= failures)
                {
                    throw new SqliteException("SQLite Error 5: 'database is locked'.", 5);
                }
            });
        }
    }
}
