using System.Text.Json;
using System.Text.Json.Nodes;
using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Retry;
using Ias.Core.Jobs.Store;
using Ias.Core.StateMachines;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// What every <see cref="IQueueStore"/> promises, whichever backend holds it: each backend's class inherits these facts and
/// says only how to open a fresh, empty store. Where the backends differ on purpose, the fact names the difference and
/// each class says which side it is on.
/// </summary>
public abstract class QueueStoreContract : IDisposable
{
    protected const string Run = "night";

    private static readonly DateTimeOffset T0 = QueueFixture.Start;

    private readonly TempDir _dir = new();
    private readonly List<IDisposable> _open = [];
    private IQueueStore? _store;

    protected ManualClock Clock { get; } = new(QueueFixture.Start);

    /// <summary>The store under test, opened on first use with the run <see cref="Run"/> registered.</summary>
    protected IQueueStore Store => _store ??= Fresh();

    /// <summary>Whether a writing job waits behind an earlier writing job that is pending or blocked (one checkout, one tree).</summary>
    protected abstract bool WritersWaitInOrder { get; }

    /// <summary>A fresh, empty store of the backend, and what closes it.</summary>
    protected abstract (IQueueStore Store, IDisposable Owned) Open();

    [StoreFact]
    public void A_run_is_registered_once_and_runs_are_listed_in_the_order_they_were_created()
    {
        Assert.False(Store.AddQueueRun(Run, T0.AddMinutes(1)));
        Assert.True(Store.AddQueueRun("day", T0.AddMinutes(2)));

        Assert.Equal([Run, "day"], Store.QueueRuns().Select(r => r.Name));
        Assert.Equal(T0, Store.FindQueueRun(Run)!.Created);
        Assert.Null(Store.FindQueueRun("none"));
    }

    [StoreFact]
    public void A_run_row_reads_back_as_it_was_saved()
    {
        var saved = Store.FindQueueRun(Run)! with
        {
            Initialized = T0.AddSeconds(1),
            RunnerStatus = RunnerStatus.Parked,
            RunnerOwner = "pid 7 on box",
            CurrentJob = "0001-reviewer",
            StopRequested = true,
            Stops = 3,
            ParkedUntil = T0.AddHours(5),
            ParkedReason = "usage limit",
            Updated = T0.AddSeconds(2),
        };

        Store.SaveQueueRun(saved);

        Assert.Equal(saved, Store.FindQueueRun(Run));
    }

    [StoreFact]
    public void Jobs_are_numbered_per_run_in_the_order_given_and_listed_in_that_order()
    {
        Store.AddQueueRun("day", T0);
        var first = Store.AddJobs(Run, [Request("implementer", writes: true), Request("reviewer")], T0);
        var later = Store.AddJobs(Run, [Request("auditor")], T0.AddMinutes(1));
        var other = Store.AddJobs("day", [Request("reviewer")], T0);

        Assert.Equal(["0001-implementer", "0002-reviewer", "0003-auditor"], Store.Jobs(Run).Select(j => j.Id));
        Assert.Equal([.. first.Select(j => j.Id), .. later.Select(j => j.Id)], Store.Jobs(Run).Select(j => j.Id));
        Assert.Equal(["0001-reviewer"], Store.Jobs("day").Select(j => j.Id));
        Assert.Equal("0001-reviewer", other.Single().Id);
        var job = Store.FindJob(Run, "0003-auditor")!;
        Assert.Equal((JobState.Pending, 0, 0L, T0.AddMinutes(1), T0.AddMinutes(1), 3), (job.State, job.Attempts, job.Generation, job.NotBefore, job.Created, job.Seq));
        Assert.Null(Store.FindJob(Run, "0009-auditor"));
    }

    [StoreFact]
    public void A_run_adopted_with_files_up_to_a_number_numbers_its_jobs_after_them()
    {
        Assert.True(Store.AddQueueRun("ext", T0, numberedAfter: 7));

        Store.AddJobs("ext", [Request("reviewer")], T0);
        Store.AddJobs("ext", [Request("auditor")], T0);

        Assert.Equal(["0008-reviewer", "0009-auditor"], Store.Jobs("ext").Select(j => j.Id));
    }

    [StoreFact]
    public void A_review_job_keeps_the_pull_request_it_names_and_other_jobs_name_none()
    {
        var added = Store.AddJobs(Run, [new JobRequest("reviewer", "Review it.", null, false, "42"), Request("auditor")], T0);

        Assert.Equal(["42", null], Store.Jobs(Run).Select(j => j.Pr));
        Assert.Equal("42", Store.FindJob(Run, added[0].Id)!.Pr);
        Assert.Equal("42", (string?)QueueJson.Job(added[0])["pr"]);
        Assert.False(QueueJson.Job(added[1]).ContainsKey("pr"));
    }

    [StoreFact]
    public void Jobs_listed_for_a_folder_are_taken_once_as_they_stand_then_and_a_rolled_back_list_or_take_keeps_them()
    {
        var added = Store.AddJobs(Run, [Request("implementer", writes: true), Request("reviewer"), Request("auditor")], T0);
        Store.Transaction(() => Store.Unmirrored(Run, "box:/a", [added[2].Id, added[0].Id]));
        Store.Transaction(() => Store.Unmirrored(Run, "box:/b", [added[1].Id]));
        Assert.Throws<InvalidOperationException>(() => Store.Transaction(() =>
        {
            Store.Unmirrored(Run, "box:/a", [added[1].Id]);
            throw new InvalidOperationException("the change failed");
        }));
        var done = added[0] with { State = JobState.Done, Reason = "later" };
        Store.Transaction(() => Store.UpdateJob(done));

        Assert.Throws<InvalidOperationException>(() => Store.Transaction(() =>
        {
            Assert.Equal(2, Store.TakeUnmirrored(Run, "box:/a").Count);
            throw new InvalidOperationException("the folder could not be written");
        }));
        IReadOnlyList<Job> taken = [];
        Store.Transaction(() => taken = Store.TakeUnmirrored(Run, "box:/a"));

        Assert.Equal([added[0].Id, added[2].Id], taken.Select(j => j.Id));
        Assert.Equal((JobState.Done, "later"), (taken[0].State, taken[0].Reason));
        Store.Transaction(() => Assert.Empty(Store.TakeUnmirrored(Run, "box:/a")));
        Store.Transaction(() => Assert.Equal([added[1].Id], Store.TakeUnmirrored(Run, "box:/b").Select(j => j.Id)));
    }

    [StoreFact]
    public void A_job_reads_back_as_it_was_written_with_its_evidence_history_and_usage()
    {
        var added = Store.AddJobs(Run, [Request("implementer", writes: true)], T0).Single();
        var written = added with
        {
            State = JobState.Done,
            Attempts = 2,
            Generation = 2,
            Started = T0.AddMinutes(1),
            Ended = T0.AddMinutes(9),
            Reason = "summary",
            Evidence = new JobEvidence(["abc123"], ["src/a.cs"], "https://example.test/pr/1"),
            History = [new JobAttempt(1, T0, T0.AddMinutes(1), "retry", "network"), new JobAttempt(2, T0.AddMinutes(1), T0.AddMinutes(9), "done", null)],
            Usage = new JobUsage(1200, 340, 0.25m),
        };

        Store.Transaction(() => Store.UpdateJob(written));

        var read = Store.FindJob(Run, added.Id)!;
        Assert.Equal(QueueJson.Job(written with { Base = read.Base }), QueueJson.Job(read), JsonNode.DeepEquals);
        Assert.Equal(written.Usage, read.Usage);
    }

    [StoreFact]
    public void Counts_follow_every_move_between_states()
    {
        var jobs = Store.AddJobs(Run, [Request("a"), Request("b"), Request("c")], T0);
        Assert.Equal(Counts(pending: 3), Store.Counts(Run));

        Store.Transaction(() =>
        {
            Store.UpdateJob(jobs[0] with { State = JobState.Running });
            Store.UpdateJob(jobs[1] with { State = JobState.Blocked });
        });
        Store.Transaction(() => Store.UpdateJob(jobs[0] with { State = JobState.Done }));

        Assert.Equal(Counts(pending: 1, blocked: 1, done: 1), Store.Counts(Run));
        Assert.Equal([jobs[1].Id], Store.JobsIn(Run, JobState.Blocked).Select(j => j.Id));
        Assert.Empty(Store.JobsIn(Run, JobState.Failed));
    }

    [StoreFact]
    public void The_next_due_job_is_the_first_pending_one_whose_time_has_come()
    {
        var jobs = Store.AddJobs(Run, [Request("waits"), Request("implementer", writes: true), Request("reviewer")], T0);
        Store.Transaction(() => Store.UpdateJob(jobs[0] with { NotBefore = T0.AddMinutes(5) }));

        Assert.Equal(jobs[1].Id, Due()?.Id);
        Assert.Equal(T0, Store.FirstPendingDue(Run, null));

        Store.Transaction(() =>
        {
            Store.UpdateJob(jobs[1] with { State = JobState.Done });
            Store.UpdateJob(jobs[2] with { State = JobState.Done });
        });

        Assert.Null(Due());
        Assert.Equal(T0.AddMinutes(5), Store.FirstPendingDue(Run, null));
        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(jobs[0].Id, Due()?.Id);
    }

    [StoreFact]
    public void A_writing_job_behind_a_blocked_writing_job_waits_only_where_writers_share_one_tree()
    {
        var jobs = Store.AddJobs(Run, [Request("implementer", writes: true), Request("implementer", writes: true), Request("reviewer")], T0);
        Store.Transaction(() => Store.UpdateJob(jobs[0] with { State = JobState.Blocked }));

        Assert.Equal(WritersWaitInOrder ? jobs[2].Id : jobs[1].Id, Due()?.Id);
    }

    [StoreFact]
    public void A_conditional_write_lands_only_on_a_running_row_under_its_generation()
    {
        var job = Store.AddJobs(Run, [Request("reviewer")], T0).Single();
        var running = job with { State = JobState.Running, Generation = 1 };

        Assert.False(Store.UpdateJobIf(running with { Reason = "not running yet" }, 0));
        Store.Transaction(() => Store.UpdateJob(running));
        Assert.False(Store.UpdateJobIf(running with { Reason = "stale" }, 0));
        Assert.True(Store.UpdateJobIf(running with { Reason = "held" }, 1));

        Assert.Equal("held", Store.FindJob(Run, job.Id)!.Reason);
    }

    [StoreFact]
    public void Expired_leases_are_the_running_jobs_whose_lease_ran_out_at_or_before_now()
    {
        var jobs = Store.AddJobs(Run, [Request("a"), Request("b"), Request("c")], T0);
        Store.Transaction(() =>
        {
            Store.UpdateJob(jobs[0] with { State = JobState.Running, LeaseExpires = T0.AddMinutes(1) });
            Store.UpdateJob(jobs[1] with { State = JobState.Running, LeaseExpires = T0.AddMinutes(2) });
            Store.UpdateJob(jobs[2] with { State = JobState.Done, LeaseExpires = T0 });
        });

        IReadOnlyList<Job> expired = [];
        Store.Transaction(() => expired = Store.ExpiredLeases(Run, T0.AddMinutes(1)));

        Assert.Equal([jobs[0].Id], expired.Select(j => j.Id));
    }

    [StoreFact]
    public void A_dropped_file_is_remembered_by_name_and_identity_with_the_job_it_became()
    {
        Assert.Null(Store.DropTaken(Run, "task.json", "sha@1"));

        Store.AddDrop(Run, "task.json", "sha@1", "0001-reviewer", T0);
        Store.AddDrop(Run, "task.json", "sha@1", "0002-reviewer", T0.AddMinutes(1));

        Assert.Equal("0002-reviewer", Store.DropTaken(Run, "task.json", "sha@1"));
        Assert.Null(Store.DropTaken(Run, "task.json", "sha@2"));
        Assert.Null(Store.DropTaken("day", "task.json", "sha@1"));
    }

    [StoreFact]
    public void Follow_ups_are_counted_with_their_depth_and_an_enqueued_job_is_at_depth_zero()
    {
        Assert.Equal((0, 0), (Store.Depth(Run, "0001-implementer"), Store.FollowUpCount(Run)));

        Store.AddFollowUp(Run, "0002-reviewer", "0001-implementer", 1);
        Store.AddFollowUp(Run, "0003-implementer", "0002-reviewer", 2);

        Assert.Equal((0, 1, 2, 2), (Store.Depth(Run, "0001-implementer"), Store.Depth(Run, "0002-reviewer"), Store.Depth(Run, "0003-implementer"), Store.FollowUpCount(Run)));
    }

    [StoreFact]
    public void A_transaction_that_throws_keeps_none_of_its_writes_and_a_nested_one_joins_it()
    {
        Assert.Throws<InvalidOperationException>(() => Store.Transaction(() =>
        {
            Store.AddJobs(Run, [Request("a")], T0);
            Store.Transaction(() => Store.AddFollowUp(Run, "0001-a", "0000-x", 1));
            throw new InvalidOperationException("rolled back");
        }));

        Assert.Empty(Store.Jobs(Run));
        Assert.Equal(Counts(), Store.Counts(Run));
        Assert.Equal(0, Store.FollowUpCount(Run));
    }

    [StoreFact]
    public void The_jobs_written_for_the_status_are_the_jobs_listed()
    {
        var jobs = Store.AddJobs(Run, [Request("a"), Request("b", writes: true), new JobRequest("reviewer", "Review it.", null, false, "42")], T0);
        Store.Transaction(() => Store.UpdateJob(jobs[1] with { State = JobState.Failed, Reason = "gave up", Failure = "network" }));

        using var output = new MemoryStream();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartArray();
            Store.Snapshot(() => Store.WriteJobs(writer, Run));
            writer.WriteEndArray();
        }

        var listed = new JsonArray([.. Store.Jobs(Run).Select(j => (JsonNode)QueueJson.Job(j))]);
        Assert.True(JsonNode.DeepEquals(listed, JsonNode.Parse(output.ToArray())), JsonNode.Parse(output.ToArray())!.ToJsonString());
    }

    [StoreFact]
    public void A_claimed_job_whose_lease_runs_out_goes_to_the_next_claim_and_its_first_holder_can_no_longer_finish_it()
    {
        var queue = Queue();
        queue.Enqueue("reviewer", "look", null, false);
        var first = queue.Claim("runner a")!;
        Assert.Equal((JobState.Running, 1L, 1, "runner a"), (first.State, first.Generation, first.Attempts, first.LeaseOwner));
        Assert.NotNull(queue.Heartbeat(first));
        Assert.Contains(queue.Runners, r => r.Owner == "runner a" && r.CurrentJob == first.Id && r.Status == RunnerStatus.Running);

        Clock.Advance(QueueConfig.Defaults.Lease + TimeSpan.FromSeconds(1));
        var second = queue.Claim("runner b")!;

        Assert.Equal((first.Id, 2L, "lease_expired"), (second.Id, second.Generation, second.History.Single().Outcome));
        Assert.False(queue.Complete(first, JobEvidence.None, "late"));
        Assert.Null(queue.Heartbeat(first));
        Assert.True(queue.Complete(second, JobEvidence.None, "done"));
        Assert.Equal(Counts(done: 1), queue.Counts);
    }

    [StoreFact]
    public void A_runner_whose_heartbeats_keep_coming_stays_running_and_one_silent_for_longer_than_a_lease_reads_as_lost()
    {
        var queue = Queue();
        queue.Enqueue("reviewer", "look", null, false);
        queue.SetRunner(RunnerStatus.Idle, "runner a");
        var held = queue.Claim("runner a")!;
        var lease = QueueConfig.Defaults.Lease;

        // Each heartbeat comes within a lease of the one before, though the job ran longer than two leases in all.
        foreach (var _ in Enumerable.Range(0, 3))
        {
            Clock.Advance(lease * 0.9);
            held = queue.Heartbeat(held)!;
            Assert.Equal(RunnerStatus.Running, queue.Runners.Single(r => r.Owner == "runner a").Status);
        }

        Clock.Advance(lease + TimeSpan.FromSeconds(1));

        Assert.Equal(RunnerStatus.Lost, queue.Runners.Single(r => r.Owner == "runner a").Status);
        var taken = queue.Claim("runner b")!;
        Assert.Equal((held.Id, "lease_expired"), (taken.Id, taken.History.Single().Outcome));
        Assert.Null(queue.Heartbeat(held));
    }

    [StoreFact]
    public void A_blocked_job_is_claimed_only_by_its_resume_and_one_left_unanswered_fails()
    {
        var queue = Queue();
        queue.Enqueue([new JobRequest("reviewer", "one", null, false), new JobRequest("reviewer", "two", null, false)]);
        var one = queue.Claim("runner")!;
        var two = queue.Claim("runner")!;
        Assert.True(queue.Await(one, "asks D1"));
        Assert.True(queue.Await(two, "asks D2"));

        Assert.Null(queue.Claim("runner"));
        var resumed = queue.Resume("runner", one.Id)!;
        Assert.Equal((JobState.Running, 2, 1), (resumed.State, resumed.Attempts, resumed.Counted));
        Assert.True(queue.Unanswered(two.Id, "unanswered"));
        Assert.False(queue.Unanswered(two.Id, "again"));

        Assert.Equal(Counts(running: 1, failed: 1), queue.Counts);
    }

    [StoreFact]
    public void Failed_attempts_retry_until_none_is_left_and_retry_failed_brings_the_job_back()
    {
        var queue = Queue();
        queue.Enqueue("reviewer", "look", null, false);
        for (var attempt = 1; attempt <= QueueConfig.Defaults.MaxAttempts; attempt++)
        {
            Clock.Advance(TimeSpan.FromHours(1));
            var job = queue.Claim("runner")!;
            var decision = queue.Fail(job, FailureClass.Network, "no network", null)!;
            Assert.Equal(attempt < QueueConfig.Defaults.MaxAttempts ? RetryKind.Retry : RetryKind.Fail, decision.Kind);
        }

        Assert.Equal(Counts(failed: 1), queue.Counts);
        Assert.Equal(1, queue.RetryFailed(resetAttempts: true));
        Assert.Equal((JobState.Pending, 0), (queue.Jobs.Single().State, queue.Jobs.Single().Attempts));
    }

    [StoreFact]
    public void Recover_gives_every_running_job_back_and_a_move_its_state_does_not_permit_is_refused_unwritten()
    {
        var queue = Queue();
        queue.Enqueue([new JobRequest("a", "one", null, false), new JobRequest("b", "two", null, false)]);
        var one = queue.Claim("runner")!;
        var two = queue.Claim("runner")!;
        Assert.True(queue.Complete(two, JobEvidence.None, "done"));

        var returned = queue.Recover("its runner died");

        Assert.Equal([(one.Id, JobState.Pending, "recovered")], returned.Select(j => (j.Id, j.State, j.History.Single().Outcome)));
        var done = queue.Find(two.Id)!;
        var refused = Assert.Throws<InvalidTransitionException>(() => queue.Complete(done, JobEvidence.None, "again"));
        Assert.Equal(("job", "DONE", "COMPLETE"), (refused.Machine, refused.State, refused.Trigger));
        Assert.Equal("done", queue.Find(two.Id)!.Reason);
    }

    [StoreFact]
    public void A_runners_row_keeps_the_agents_it_can_start_and_one_that_recorded_none_reads_back_as_none()
    {
        Store.SaveQueueRun(Store.FindQueueRun(Run)! with { RunnerStatus = RunnerStatus.Idle, RunnerOwner = "pid 7 on box", Updated = T0 });

        Store.SaveRunner(Run, new RunnerRow("pid 7 on box", RunnerStatus.Idle, null, T0) { Agents = RunnerAgents.Of("claude", "sim") });
        Assert.Equal(RunnerAgents.Of("claude", "sim"), Store.Runners(Run).Single(r => r.Owner == "pid 7 on box").Agents);

        Store.SaveRunner(Run, new RunnerRow("pid 7 on box", RunnerStatus.Idle, null, T0.AddSeconds(1)));
        Assert.Null(Store.Runners(Run).Single(r => r.Owner == "pid 7 on box").Agents);
    }

    [StoreFact]
    public void A_claim_passes_over_jobs_whose_agent_the_runner_lacks_and_a_job_that_names_none_goes_to_any()
    {
        var jobs = Store.AddJobs(Run, [Request("reviewer") with { Agent = "codex" }, Request("auditor"), Request("reviewer") with { Agent = "claude" }], T0);

        Assert.Equal(jobs[1].Id, Due(RunnerAgents.Of("claude", "sim"))?.Id);
        Assert.Equal(jobs[0].Id, Due(RunnerAgents.Of("codex"))?.Id);
        Assert.Equal(jobs[0].Id, Due()?.Id);
        Assert.Equal(["claude", "codex"], Store.PendingAgents(Run));

        Store.Transaction(() =>
        {
            Store.UpdateJob(jobs[1] with { State = JobState.Done });
            Store.UpdateJob(jobs[2] with { State = JobState.Done });
        });

        Assert.Null(Due(RunnerAgents.Of("claude", "sim")));
        Assert.Null(Store.FirstPendingDue(Run, RunnerAgents.Of("claude", "sim")));
        Assert.Equal(T0, Store.FirstPendingDue(Run, RunnerAgents.Of("codex")));
        Assert.Equal(["codex"], Store.PendingAgents(Run));
    }

    [StoreFact]
    public void A_queue_holds_no_data_policy_until_one_is_set_and_then_keeps_the_first_where_its_checkouts_share_it()
    {
        Assert.Null(Store.Policy);
        var strict = new DataPolicy(DataPolicyMode.MetadataOnly, new HashSet<string>(["intake.rawContent"], StringComparer.Ordinal));

        var first = Store.Adopt(strict, "pid 7 on box", T0);
        var second = Store.Adopt(DataPolicy.Default, "pid 8 on other", T0.AddMinutes(1));

        if (Store.Shared)
        {
            Assert.Equal((strict, "pid 7 on box", T0), (first!.Policy, first.SetBy, first.SetAt));
            Assert.Equal(first, second);
            Assert.Equal(first, Store.Policy);
        }
        else
        {
            // A checkout's own queue follows the checkout's configuration, whatever it is.
            Assert.Null(first);
            Assert.Null(second);
            Assert.Null(Store.Policy);
        }
    }

    public void Dispose()
    {
        foreach (var owned in _open)
        {
            owned.Dispose();
        }

        _dir.Dispose();
        GC.SuppressFinalize(this);
    }

    private IQueueStore Fresh()
    {
        var (store, owned) = Open();
        _open.Add(owned);
        Assert.True(store.AddQueueRun(Run, T0));
        return store;
    }

    private JobQueue Queue()
    {
        var queue = new JobQueue(Store, new QueuePaths(_dir.Path, Run), QueueConfig.Defaults, Clock, new FixedRandom(0.5));
        queue.Init();
        return queue;
    }

    private Job? Due(RunnerAgents? agents = null)
    {
        Job? due = null;
        Store.Transaction(() => due = Store.NextDue(Run, Clock.GetUtcNow(), agents));
        return due;
    }

    private static JobRequest Request(string role, bool writes = false) => new(role, $"do {role}", null, writes);

    private static Dictionary<JobState, int> Counts(int pending = 0, int running = 0, int blocked = 0, int done = 0, int failed = 0) => new()
    {
        [JobState.Pending] = pending,
        [JobState.Running] = running,
        [JobState.Blocked] = blocked,
        [JobState.Done] = done,
        [JobState.Failed] = failed,
    };
}
