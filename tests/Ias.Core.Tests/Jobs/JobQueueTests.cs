using System.Text.Json.Nodes;
using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Retry;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

/// <summary>The queue's rules on a real database and a manual clock: leases, generations, retries, parking.</summary>
public sealed class JobQueueTests
{
    private const string Me = "pid 1 on here";
    private const string Other = "pid 2 on there";

    [Fact]
    public void A_claim_takes_the_first_due_job_with_a_lease_an_attempt_and_the_next_generation()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("implementer", "one", null, writes: true);
        f.Queue.Enqueue("reviewer", "two", "sim", writes: false);

        var job = f.Queue.Claim(Me)!;

        Assert.Equal(("0001-implementer", JobState.Running, 1, 1L), (job.Id, job.State, job.Attempts, job.Generation));
        Assert.Equal((Me, QueueFixture.Start + TimeSpan.FromMinutes(15)), (job.LeaseOwner, job.LeaseExpires));
        Assert.Equal(("0001-implementer", RunnerStatus.Running), (f.Queue.State.CurrentJob, f.Queue.State.RunnerStatus));
        Assert.Equal(JobState.Pending, f.Get("0002-reviewer").State);
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void Peek_names_the_job_a_claim_would_take_and_changes_nothing()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("implementer", "one", null, writes: true);
        f.Queue.Enqueue("reviewer", "two", "sim", writes: false);

        var next = f.Queue.Peek()!;

        Assert.Equal(("0001-implementer", JobState.Pending, 0), (next.Id, next.State, next.Attempts));
        Assert.All(f.Queue.Jobs, j => Assert.Equal(JobState.Pending, j.State));
        Assert.Equal("0001-implementer", f.Queue.Claim(Me)!.Id);
    }

    [Fact]
    public void A_read_only_claim_takes_the_first_due_job_only_when_it_reads_and_never_passes_over_a_writing_one()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("reviewer", "one", "sim", writes: false);
        f.Queue.Enqueue("implementer", "two", null, writes: true);
        f.Queue.Enqueue("reviewer", "three", "sim", writes: false);

        // Another runner took the read-only job a look found: the writing job is first now, and the read-only claim leaves it.
        Assert.Equal("0001-reviewer", f.Queue.Peek()!.Id);
        Assert.Equal("0001-reviewer", f.Queue.Claim("someone else")!.Id);
        Assert.Null(f.Queue.ClaimReadOnly(Me));

        Assert.Equal((JobState.Pending, JobState.Pending), (f.Get("0002-implementer").State, f.Get("0003-reviewer").State));
        Assert.Equal("0002-implementer", f.Queue.Claim(Me)!.Id);
        Assert.Equal("0003-reviewer", f.Queue.ClaimReadOnly(Me)!.Id);
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void Expired_lease_returns_the_job_to_pending_on_the_next_claim_with_its_attempt_recorded()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("implementer", "one", null, writes: true);
        var first = f.Queue.Claim(Me)!;

        f.Clock.Advance(TimeSpan.FromMinutes(16));
        var second = f.Queue.Claim(Other)!;

        Assert.Equal((first.Id, 2, 2L, Other), (second.Id, second.Attempts, second.Generation, second.LeaseOwner));
        var record = Assert.Single(second.History);
        Assert.Equal((1, "lease_expired"), (record.Attempt, record.Outcome));
        Assert.Contains($"lease of {Me} expired", record.Reason);
        f.AssertMirrorAgrees();
    }

    [Theory]
    [InlineData(10, 20, "lease_lost_in_outage", 1)]
    [InlineData(1, 5, "lease_expired", 2)]
    public void A_lease_that_ran_out_while_the_database_was_away_is_given_back_uncounted_and_one_that_ran_out_after_is_a_crash(
        int outageFrom, int outageTo, string outcome, int counted)
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("implementer", "one", null, writes: true);
        f.Queue.Claim(Me);
        f.Queue.LastOutage = () => (QueueFixture.Start.AddMinutes(outageFrom), QueueFixture.Start.AddMinutes(outageTo));

        f.Clock.Advance(TimeSpan.FromMinutes(21));
        var second = f.Queue.Claim(Other)!;

        var record = Assert.Single(second.History);
        Assert.Equal((outcome, 2, counted), (record.Outcome, second.Attempts, second.Counted));
        Assert.Equal(outcome == "lease_expired", record.Reason!.Contains("without a heartbeat", StringComparison.Ordinal));
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void Heartbeats_keep_the_lease_so_no_other_claim_takes_the_job()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("implementer", "one", null, writes: true);
        var held = f.Queue.Claim(Me)!;

        for (var i = 0; i < 6; i++)
        {
            f.Clock.Advance(TimeSpan.FromMinutes(5));
            held = f.Queue.Heartbeat(held)!;
        }

        Assert.Null(f.Queue.Claim(Other));
        Assert.Equal(QueueFixture.Start + TimeSpan.FromMinutes(45), f.Get(held.Id).LeaseExpires);
        Assert.True(f.Queue.Complete(held, JobEvidence.None, "ok"));
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_heartbeat_writes_the_usage_so_far_into_the_row_and_the_job_file_and_a_stale_holder_cannot()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("implementer", "one", null, writes: true);
        var held = f.Queue.Claim(Me)!;

        held = f.Queue.Heartbeat(held, new JobUsage(1200, 34, null))!;
        f.Queue.CatchUp();

        Assert.Equal(new JobUsage(1200, 34, null), f.Get(held.Id).Usage);
        var file = JsonNode.Parse(File.ReadAllText(f.Queue.Paths.JobFile(JobState.Running, held.Id)))!["usage"]!;
        Assert.Equal((1200L, 34L, null), ((long)file["tokens_in"]!, (long)file["tokens_out"]!, (decimal?)file["cost_usd"]));

        f.Clock.Advance(TimeSpan.FromMinutes(20));
        var taken = f.Queue.Claim(Other)!;
        Assert.Null(f.Queue.Heartbeat(held, new JobUsage(9999, 9999, 1m)));
        Assert.Equal(new JobUsage(1200, 34, null), f.Get(taken.Id).Usage);

        // A later attempt adds its own turn's to what the job used before; the cost is exact to the CLI's last digit.
        Assert.True(f.Queue.Complete(f.Queue.Heartbeat(taken, taken.Usage + new JobUsage(800, 66, 0.012345m))!, JobEvidence.None, "ok"));
        Assert.Equal(new JobUsage(2000, 100, 0.012345m), f.Get(taken.Id).Usage);
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_queue_made_before_jobs_counted_tokens_gains_the_columns_and_keeps_its_jobs()
    {
        using var dir = new TempDir();
        var db = dir.Combine(".run", "ias.db");
        using (var store = RunStore.Open(db))
        {
            JobQueue.Create(new SqliteQueueStore(store), dir.Path, "night", new ManualClock(QueueFixture.Start));
            var old = new JobQueue(store, new QueuePaths(dir.Path, "night"), QueueConfig.Defaults, new ManualClock(QueueFixture.Start), new FixedRandom(0.5));
            old.Init();
            old.Enqueue("reviewer", "old", null, false);
            store.Execute("ALTER TABLE queue_jobs DROP COLUMN tokens_in; ALTER TABLE queue_jobs DROP COLUMN tokens_out; ALTER TABLE queue_jobs DROP COLUMN cost_usd;");
        }

        using var reopened = RunStore.Open(db);
        var queue = new JobQueue(reopened, new QueuePaths(dir.Path, "night"), QueueConfig.Defaults, new ManualClock(QueueFixture.Start), new FixedRandom(0.5));
        queue.Init();
        var job = queue.Jobs.Single();
        Assert.Equal(("old", JobUsage.None), (job.Prompt, job.Usage));
        Assert.NotNull(queue.Heartbeat(queue.Claim(Me)!, new JobUsage(5, 6, 0.5m)));
        Assert.Equal(new JobUsage(5, 6, 0.5m), queue.Jobs.Single().Usage);
    }

    [Fact]
    public void A_stale_owner_can_never_complete_or_fail_a_job_another_claim_has_taken()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("implementer", "one", null, writes: true);
        var stale = f.Queue.Claim(Me)!;
        f.Clock.Advance(TimeSpan.FromMinutes(20));
        var current = f.Queue.Claim(Other)!;

        Assert.False(f.Queue.Complete(stale, new JobEvidence(["abc"], ["x"], null), "stale result"));
        Assert.Null(f.Queue.Fail(stale, FailureClass.Crash, "stale failure", null));
        Assert.Null(f.Queue.Heartbeat(stale));

        var job = f.Get(current.Id);
        Assert.Equal((JobState.Running, Other, 2L), (job.State, job.LeaseOwner, job.Generation));
        Assert.True(f.Queue.Complete(current, JobEvidence.None, "fresh result"));
        Assert.Equal(("fresh result", JobState.Done), (f.Get(current.Id).Reason, f.Get(current.Id).State));
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void An_expired_lease_on_the_last_attempt_fails_the_job()
    {
        using var f = new QueueFixture(QueueConfig.Defaults with { MaxAttempts = 1 });
        f.Queue.Enqueue("implementer", "one", null, writes: true);
        f.Queue.Claim(Me);

        f.Clock.Advance(TimeSpan.FromHours(1));

        Assert.Null(f.Queue.Claim(Other));
        var job = f.Get("0001-implementer");
        Assert.Equal((JobState.Failed, "lease_expired"), (job.State, job.Failure));
        Assert.Contains("no attempt left", job.Reason);
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_transient_failure_waits_out_its_backoff_then_fails_after_max_attempts()
    {
        using var f = new QueueFixture(QueueConfig.Defaults with { MaxAttempts = 3, BackoffBase = TimeSpan.FromSeconds(30) }, jitter: 1.0);
        f.Queue.Enqueue("reviewer", "one", null, writes: false);

        var decision = f.Queue.Fail(f.Queue.Claim(Me)!, FailureClass.Network, "connection reset", null)!;
        Assert.Equal((RetryKind.Retry, QueueFixture.Start.AddSeconds(30)), (decision.Kind, decision.At));
        f.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(f.Queue.Claim(Me));
        f.Clock.Advance(TimeSpan.FromSeconds(1));

        decision = f.Queue.Fail(f.Queue.Claim(Me)!, FailureClass.Network, "connection reset", null)!;
        Assert.Equal(f.Clock.GetUtcNow().AddSeconds(60), decision.At);
        f.Clock.Advance(TimeSpan.FromSeconds(60));

        decision = f.Queue.Fail(f.Queue.Claim(Me)!, FailureClass.Network, "connection reset", null)!;
        Assert.Equal(RetryKind.Fail, decision.Kind);
        var job = f.Get("0001-reviewer");
        Assert.Equal((JobState.Failed, 3, "network"), (job.State, job.Attempts, job.Failure));
        Assert.StartsWith("connection reset — network: gave up after 3 attempt(s)", job.Reason);
        Assert.Equal(["retry", "retry", "failed"], job.History.Select(h => h.Outcome));
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_writing_job_waiting_out_its_backoff_holds_back_later_writing_jobs_but_not_read_only_ones()
    {
        using var f = new QueueFixture(QueueConfig.Defaults with { BackoffBase = TimeSpan.FromSeconds(30) }, jitter: 1.0);
        f.Queue.Enqueue("implementer", "first change", null, writes: true);
        f.Queue.Enqueue("implementer", "second change", null, writes: true);
        f.Queue.Enqueue("reviewer", "review", null, writes: false);

        f.Queue.Fail(f.Queue.Claim(Me)!, FailureClass.Crash, "killed mid-edit", null);

        // The first writer's half-done edits are in the tree; the second writer must not commit them as its own.
        var reviewer = f.Queue.Claim(Me)!;
        Assert.Equal("0003-reviewer", reviewer.Id);
        Assert.True(f.Queue.Complete(reviewer, JobEvidence.None, "reviewed"));
        Assert.Null(f.Queue.Claim(Me));
        f.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("0001-implementer", f.Queue.Claim(Me)!.Id);
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_usage_limit_parks_the_whole_queue_until_the_reset_and_gives_the_attempt_back()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("reviewer", "one", null, writes: false);
        f.Queue.Enqueue("reviewer", "two", null, writes: false);
        var reset = QueueFixture.Start.AddMinutes(90);

        var decision = f.Queue.Fail(f.Queue.Claim(Me)!, FailureClass.UsageLimit, "usage limit reached", reset)!;

        Assert.Equal(RetryKind.Park, decision.Kind);
        Assert.Equal((RunnerStatus.Parked, reset), (f.Queue.State.RunnerStatus, f.Queue.State.ParkedUntil));
        Assert.Equal(0, f.Get("0001-reviewer").Attempts);
        f.Queue.StartRunner(Other);
        Assert.Equal((RunnerStatus.Parked, reset), (f.Queue.State.RunnerStatus, f.Queue.State.ParkedUntil));
        f.Clock.Advance(TimeSpan.FromMinutes(89));
        Assert.Null(f.Queue.Claim(Me));
        f.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = f.Queue.Claim(Me)!;
        Assert.Equal(("0001-reviewer", 1), (again.Id, again.Attempts));
        Assert.Null(f.Queue.State.ParkedUntil);
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_stop_asked_of_a_runner_that_died_before_seeing_it_ends_when_the_next_runner_starts_and_a_later_stop_stops_that_one()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("reviewer", "one", null, writes: false);
        f.Queue.Enqueue("reviewer", "two", null, writes: false);
        f.Queue.StartRunner(Me);
        f.Queue.RequestStop();

        // The runner died before it saw the stop; the checkout's next runner starts.
        var next = new JobQueue(f.Store, f.Queue.Paths, f.Config, f.Clock, new FixedRandom(0.5));
        next.StartRunner(Other);

        Assert.False(next.StopAsked);
        Assert.False(next.State.StopRequested);
        Assert.Equal("0001-reviewer", next.Claim(Other)!.Id);
        next.RequestStop();
        Assert.True(next.StopAsked);
        Assert.True(next.State.StopRequested);
        Assert.Null(next.Claim(Other));
        next.StoppedOnRequest(Other);
        Assert.Equal((RunnerStatus.Stopped, false), (next.State.RunnerStatus, next.State.StopRequested));
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void A_stop_asked_once_the_runner_holds_its_lock_and_before_it_starts_is_its_own_and_stays_pending_until_it_stops()
    {
        using var f = new QueueFixture();
        f.Queue.Enqueue("reviewer", "one", null, writes: false);
        var before = f.Queue.State.Stops; // read before the runner takes its lock, as `ias run-loop` does
        // `ias stop` sees the lock held and asks, while the runner has not recorded its start yet.
        f.Queue.RequestStop();

        f.Queue.StartRunner(Me, before);

        Assert.True(f.Queue.StopAsked);
        Assert.True(f.Queue.State.StopRequested);
        Assert.Null(f.Queue.Claim(Me));
        f.Queue.StoppedOnRequest(Me);
        Assert.Equal((RunnerStatus.Stopped, false), (f.Queue.State.RunnerStatus, f.Queue.State.StopRequested));
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void Recover_returns_every_running_job_to_pending_and_retry_failed_brings_failed_ones_back()
    {
        using var f = new QueueFixture(QueueConfig.Defaults with { MaxAttempts = 2 });
        f.Queue.Enqueue("auditor", "one", null, writes: false);
        f.Queue.Enqueue("orchestrator", "two", null, writes: false);
        f.Queue.Fail(f.Queue.Claim(Me)!, FailureClass.Auth, "not logged in", null);
        f.Queue.Claim(Me);

        var recovered = Assert.Single(f.Queue.Recover("runner died"));
        Assert.Equal(("0002-orchestrator", JobState.Pending, "recovered"), (recovered.Id, recovered.State, recovered.History[^1].Outcome));
        Assert.Equal(RunnerStatus.Stopped, f.Queue.State.RunnerStatus);

        Assert.Equal(1, f.Queue.RetryFailed(resetAttempts: true));
        var retried = f.Get("0001-auditor");
        Assert.Equal((JobState.Pending, 0), (retried.State, retried.Attempts));
        f.AssertMirrorAgrees();
    }

    [Fact]
    public void Enqueue_before_init_is_refused_with_what_to_run()
    {
        using var f = new QueueFixture();
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        JobQueue.Create(new SqliteQueueStore(f.Store), f.Root, "fresh", f.Clock);
        var fresh = new JobQueue(f.Store, new QueuePaths(f.Root, "fresh"), f.Config, f.Clock, new FixedRandom(0));

        var e = Assert.Throws<QueueException>(() => fresh.Enqueue("reviewer", "x", null, false));

        Assert.Equal("run fresh has no runner yet: run `ias init --run fresh` first", e.Message);
        Assert.Equal("fresh", JobQueue.Resolve(new SqliteQueueStore(f.Store), null, latest: true));
        Assert.Equal("night", JobQueue.Resolve(new SqliteQueueStore(f.Store), "night", latest: false));
        f.AssertMirrorAgrees();
    }
}
