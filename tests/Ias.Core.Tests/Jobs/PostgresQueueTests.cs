using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Jobs.Postgres;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Tests.Support;
using Npgsql;

namespace Ias.Core.Tests.Jobs;

/// <summary>
/// The shared queue on a real PostgreSQL (a throwaway cluster on a Unix socket): several runners, each with its own
/// connection and checkout folder, on one database.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresQueueTests(PostgresClusterFixture postgres) : IDisposable
{
    private static readonly QueueRepository Repo = new("sha256:0123456789abcdef", "shop", "file:///srv/shop.git", "main");

    // The version this ias migrates to, as ias_schema holds it.
    private static readonly string Current = PostgresSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private readonly ManualClock _clock = new(QueueFixture.Start);
    private readonly TempDir _dir = new();
    private readonly List<IDisposable> _open = [];
    private readonly Dictionary<string, PostgresQueueStore> _stores = [];

    [PostgresFact]
    public void Two_runners_claim_different_jobs_and_only_the_current_lease_holder_finishes_one()
    {
        var db = postgres.CreateDatabase();
        var a = Runner(db, "a", create: true);
        var b = Runner(db, "b");
        a.Enqueue("reviewer", "first", null, false);
        a.Enqueue("reviewer", "second", null, false);

        var first = a.Claim("runner a")!;
        var second = b.Claim("runner b")!;

        Assert.Equal(["0001-reviewer", "0002-reviewer"], new[] { first.Id, second.Id });
        Assert.Null(b.Claim("runner b"));

        // Runner a hangs past its lease: b's next claim gives the job back and takes it with the next generation.
        _clock.Advance(QueueConfig.Defaults.Lease + TimeSpan.FromSeconds(1));
        var retaken = b.Claim("runner b")!;
        Assert.Equal((first.Id, first.Generation + 1), (retaken.Id, retaken.Generation));
        Assert.Equal("lease_expired", retaken.History.Single().Outcome);

        Assert.False(a.Complete(first, JobEvidence.None, "late"));
        Assert.Null(a.Heartbeat(first));
        Assert.True(b.Complete(retaken, JobEvidence.None, "done by b"));
        Assert.Equal(JobState.Done, a.Find(first.Id)!.State);
        Assert.Equal("done by b", a.Find(first.Id)!.Reason);
    }

    [PostgresFact]
    public void A_blocked_job_is_claimed_by_no_runner_until_its_own_resumes_it_and_one_left_unanswered_fails()
    {
        var db = postgres.CreateDatabase();
        var a = Runner(db, "a", create: true);
        var b = Runner(db, "b");
        a.Enqueue("implementer", "first", null, true);
        a.Enqueue("reviewer", "second", null, false);
        var first = a.Claim("runner a")!;
        var second = a.Claim("runner a")!;

        Assert.True(a.Await(first, "asks D1: A or B?"));
        Assert.True(a.Await(second, "asks D2: C or D?"));
        Assert.False(b.Await(first, "asks again"));

        Assert.Null(b.Claim("runner b"));
        Assert.Equal(2, b.Counts[JobState.Blocked]);
        Assert.Equal(("asks D1: A or B?", JobAttempt.Asked), (b.Find(first.Id)!.Reason, b.Find(first.Id)!.History.Single().Outcome));
        var resumed = a.Resume("runner a", first.Id)!;
        Assert.Equal((JobState.Running, 2, 1), (resumed.State, resumed.Attempts, resumed.Counted));
        Assert.True(a.Complete(resumed, JobEvidence.None, "done after the answer"));
        Assert.True(a.Unanswered(second.Id, "question D2 went unanswered"));
        Assert.Equal((JobState.Failed, JobQueue.UnansweredFailure), (b.Find(second.Id)!.State, b.Find(second.Id)!.Failure));
        Assert.Equal((0, 1, 1), (b.Counts[JobState.Blocked], b.Counts[JobState.Done], b.Counts[JobState.Failed]));
    }

    [PostgresFact]
    public async Task Four_runners_claiming_at_once_take_every_job_exactly_once()
    {
        var db = postgres.CreateDatabase();
        var queues = Enumerable.Range(0, 4).Select(i => Runner(db, $"r{i}", create: i == 0)).ToArray();
        queues[0].Enqueue([.. Enumerable.Range(0, 200).Select(i => new JobRequest(i % 3 == 0 ? "implementer" : "reviewer", $"job {i}", null, i % 3 == 0))]);

        var taken = await Task.WhenAll(queues.Select((q, i) => Task.Run(() =>
        {
            var mine = new List<string>();
            while (q.Claim($"runner {i}") is { } job)
            {
                Assert.True(q.Complete(job, JobEvidence.None, $"by {i}"));
                mine.Add(job.Id);
            }

            return mine;
        })));

        var all = taken.SelectMany(t => t).ToList();
        Assert.Equal(200, all.Count);
        Assert.Equal(200, all.Distinct().Count());
        Assert.Equal(200, queues[0].Counts[JobState.Done]);
        Assert.Equal(0, queues[0].Counts[JobState.Pending] + queues[0].Counts[JobState.Running]);
        Assert.All(queues[0].Jobs, j => Assert.Equal((JobState.Done, 1, 1L), (j.State, j.Attempts, j.Generation)));

        // The 1,000 rows the changes added to the counts were folded as the runners went: a read sums a few of them.
        Assert.True(int.Parse(Raw(db, "SELECT COUNT(*)::text FROM queue_count_changes;")[0], System.Globalization.CultureInfo.InvariantCulture) < 200);
    }

    [PostgresFact]
    public async Task A_runner_frozen_half_way_through_a_claim_does_not_stop_another_runner_claiming()
    {
        var db = postgres.CreateDatabase();
        var a = Runner(db, "a", create: true);
        var b = Runner(db, "b");
        a.Enqueue("reviewer", "first", null, false);
        a.Enqueue("reviewer", "second", null, false);

        // Runner a is frozen (SIGSTOP, a suspended machine) after its claim wrote everything and before it committed.
        using var written = new SemaphoreSlim(0);
        using var wake = new SemaphoreSlim(0);
        var frozen = Task.Run(() => _stores["a"].Transaction(() =>
        {
            a.Claim("runner a");
            written.Release();
            wake.Wait();
        }));
        Job? claimed;
        try
        {
            Assert.True(await written.WaitAsync(TimeSpan.FromSeconds(30)));

            // Runner b claims the next job at once: it never waits for a row runner a holds. Runner a holds its row until
            // it is woken below, so a claim that waited for it could not end here.
            var claim = Task.Run(() => b.Claim("runner b"));
            try
            {
                claimed = await claim.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                Assert.False(WaitsForALock(db), "runner b's claim waits for a row the frozen runner a holds");
                throw;
            }
        }
        finally
        {
            wake.Release();
        }

        await frozen;
        Assert.Equal("0002-reviewer", claimed?.Id);
        Assert.Equal(("runner a", "runner b"), (b.Find("0001-reviewer")!.LeaseOwner, b.Find("0002-reviewer")!.LeaseOwner));
        Assert.Equal((2, 0), (b.Counts[JobState.Running], b.Counts[JobState.Pending]));
    }

    [PostgresFact]
    public async Task Under_a_spend_cap_a_claim_waits_for_another_runners_claim_in_progress_and_counts_its_job_running()
    {
        var db = postgres.CreateDatabase();
        var a = Runner(db, "a", create: true);
        var b = Runner(db, "b");
        a.Enqueue("reviewer", "first", null, false);
        a.Enqueue("reviewer", "second", null, false);
        var seen = new List<int>();
        a.Admission = (_, _) => null;
        b.Admission = (_, running) =>
        {
            seen.Add(running);
            return running > 0 ? "budget: one more call could pass the cap" : null;
        };

        // Runner a's claim has taken the first job and not committed yet.
        using var written = new SemaphoreSlim(0);
        using var wake = new SemaphoreSlim(0);
        var holding = Task.Run(() => _stores["a"].Transaction(() =>
        {
            a.Claim("runner a");
            written.Release();
            wake.Wait();
        }));
        Task<Job?> claim;
        try
        {
            Assert.True(await written.WaitAsync(TimeSpan.FromSeconds(30)));

            // Runner b's claim takes its turn after a's: were it to read the spend now, it would not see a's job running.
            claim = Task.Run(() => b.Claim("runner b"));
            var waited = System.Diagnostics.Stopwatch.StartNew();
            using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            while (!WaitsForALock(db) && !claim.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await poll.WaitForNextTickAsync();
            }

            if (claim.IsCompleted)
            {
                Assert.Fail($"runner b's claim did not wait for runner a's: it took {claim.Result?.Id ?? "nothing"} having seen {string.Join(", ", seen)} job(s) running");
            }
        }
        finally
        {
            wake.Release();
        }

        await holding;
        Assert.Null(await claim.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("budget: one more call could pass the cap", b.Refused);
        Assert.Equal([1], seen);
        Assert.Equal(JobState.Pending, b.Find("0002-reviewer")!.State);
    }

    [PostgresFact]
    public async Task A_statement_waiting_for_a_row_a_frozen_runner_holds_outwaits_the_lease_whatever_timeout_the_connection_string_gives()
    {
        // One second to answer, by the connection string. Runner a's session is cut three seconds after it stands still in
        // its transaction; runner b's lease is long, since the lease is also how long the server lets b itself stand still
        // between two statements of its own transaction, and a loaded machine once kept it still past ten seconds.
        var db = postgres.CreateDatabase() + ";Command Timeout=1";
        var a = Runner(db, "a", create: true, config: QueueConfig.Defaults with { Lease = TimeSpan.FromSeconds(3) });
        var b = Runner(db, "b", config: QueueConfig.Defaults with { Lease = TimeSpan.FromMinutes(5) });

        // Runner a is frozen half-way through an enqueue, holding the run's row for the numbering.
        using var written = new SemaphoreSlim(0);
        using var wake = new SemaphoreSlim(0);
        var frozen = Task.Run(() => _stores["a"].Transaction(() =>
        {
            a.Enqueue("reviewer", "never committed", null, false);
            written.Release();
            wake.Wait();
        }));
        try
        {
            Assert.True(await written.WaitAsync(TimeSpan.FromSeconds(30)));

            // Runner b's enqueue waits for that row until the server cuts runner a off, and then goes on: no timeout ends it.
            var job = await Task.Run(() => b.Enqueue("reviewer", "after the freeze", null, false));
            Assert.Equal("0001-reviewer", job.Id);
        }
        finally
        {
            wake.Release();
        }

        // Cut off: out of reach for now, which a runner rides out (QueueOutage) by asking again on a fresh session.
        await Assert.ThrowsAsync<QueueUnreachableException>(() => frozen);
        Assert.Equal(["after the freeze"], b.Jobs.Select(j => j.Prompt));
    }

    [PostgresFact]
    public void A_database_whose_insert_trigger_counted_each_job_counts_an_enqueue_once_when_migrated()
    {
        // Schema 3 as released: step 2's trigger adds a counts row for each job inserted.
        var db = postgres.CreateDatabase();
        Raw(db, $"""
            {PostgresSchema.Steps[0]}
            {PostgresSchema.Steps[1]}
            {PostgresSchema.Steps[2]}
            CREATE TABLE ias_schema (version integer NOT NULL);
            INSERT INTO ias_schema (version) VALUES (3);
            INSERT INTO queue_runs (name, created, initialized, runner_status, stop_requested, updated) VALUES ('night', now(), now(), 'idle', false, now());
            SELECT version::text FROM ias_schema;
            """);

        var b = Runner(db, "b");
        b.Enqueue([new JobRequest("reviewer", "one", null, false), new JobRequest("reviewer", "two", null, false)]);

        Assert.Equal((2, 0), (b.Counts[JobState.Pending], b.Counts[JobState.Running]));
        Assert.Equal([Current], Raw(db, "SELECT version::text FROM ias_schema;"));
    }

    [PostgresFact]
    public void A_database_of_schema_1_keeps_its_counts_when_migrated()
    {
        var db = postgres.CreateDatabase();
        var counted = Raw(db, $"""
            {PostgresSchema.Steps[0]}
            CREATE TABLE ias_schema (version integer NOT NULL);
            INSERT INTO ias_schema (version) VALUES (1);
            INSERT INTO queue_runs (name, created, initialized, runner_status, stop_requested, updated) VALUES ('night', now(), now(), 'idle', false, now());
            INSERT INTO queue_jobs (run, id, seq, repo, base, role, prompt, writes, state, attempts, not_before, created, generation, history)
            SELECT 'night', lpad(i::text, 4, '0') || '-reviewer', i, '{Repo.Identity}', 'main', 'reviewer', 'review', false,
                CASE WHEN i <= 3 THEN 'done' ELSE 'pending' END, CASE WHEN i <= 3 THEN 1 ELSE 0 END, '2000-01-01Z', '2000-01-01Z', 0, '[]'
            FROM generate_series(1, 5) AS i;
            SELECT string_agg(state || ' ' || n, ', ' ORDER BY state) FROM queue_counts;
            """);
        Assert.Equal(["done 3, pending 2"], counted);

        var q = Runner(db, "a");
        Assert.Equal([Current], Raw(db, "SELECT string_agg(version::text, ',') FROM ias_schema;"));
        Assert.Equal((3, 2, 0), (q.Counts[JobState.Done], q.Counts[JobState.Pending], q.Counts[JobState.Running]));
        Assert.Equal("0004-reviewer", q.Claim("runner a")!.Id);
        Assert.Equal((3, 1, 1), (q.Counts[JobState.Done], q.Counts[JobState.Pending], q.Counts[JobState.Running]));
    }

    [PostgresFact]
    public void A_runner_claims_only_jobs_of_its_own_repository_but_sees_the_whole_queue()
    {
        var db = postgres.CreateDatabase();
        var shop = Runner(db, "shop", create: true);
        var other = Runner(db, "docs", repo: Repo with { Identity = "sha256:fedcba9876543210", Label = "docs" });
        other.Enqueue("reviewer", "the docs job", null, false);

        Assert.Null(shop.Claim("shop runner"));
        Assert.Null(shop.FirstPendingDue);
        Assert.Equal("0001-reviewer", Assert.Single(shop.Jobs).Id);
        Assert.Equal("0001-reviewer", other.Claim("docs runner")!.Id);
    }

    [PostgresFact]
    public void Each_runner_is_listed_with_its_own_status()
    {
        var db = postgres.CreateDatabase();
        var a = Runner(db, "a", create: true);
        var b = Runner(db, "b");
        a.SetRunner(RunnerStatus.Idle, "pid 1 on box-a in /src/shop");
        b.Enqueue("reviewer", "r", null, false);
        b.Claim("pid 2 on box-b in /src/shop");

        var runners = a.Runners.ToDictionary(r => r.Owner);
        Assert.Equal(RunnerStatus.Idle, runners["pid 1 on box-a in /src/shop"].Status);
        Assert.Equal((RunnerStatus.Running, "0001-reviewer"), (runners["pid 2 on box-b in /src/shop"].Status, runners["pid 2 on box-b in /src/shop"].CurrentJob));
    }

    [PostgresFact]
    public void A_stop_stops_the_runners_at_work_when_it_was_asked_and_not_one_started_after_it_until_a_later_stop()
    {
        const string RunnerA = "pid 1 on box-a in /src/shop", RunnerB = "pid 2 on box-b in /src/shop";
        var db = postgres.CreateDatabase();
        var a = Runner(db, "a", create: true);
        var b = Runner(db, "b");
        var person = Runner(db, "laptop");
        a.StartRunner(RunnerA);
        a.Enqueue([.. Enumerable.Range(1, 4).Select(i => new JobRequest("reviewer", $"review {i}", null, false))]);
        var held = a.Claim(RunnerA)!;

        // The person stops the team from a checkout that runs none; runner b starts on its machine while a is at its job.
        person.RequestStop();
        b.StartRunner(RunnerB);

        Assert.True(a.StopAsked, "runner a, at work when the stop was asked, must stop after its job");
        Assert.False(b.StopAsked, "runner b started after the stop and must not stop at once");
        Assert.Equal("0002-reviewer", b.Claim(RunnerB)!.Id);
        Assert.True(person.State.StopRequested);
        Assert.Equal([(RunnerA, true), (RunnerB, false)], person.Runners.Select(r => (r.Owner, r.Stopping(person.State))).Order());

        // Runner a ends its job, claims nothing more and stops: no runner the stop was asked of is at work, so none is pending.
        Assert.True(a.Complete(held, JobEvidence.None, "reviewed"));
        Assert.Null(a.Claim(RunnerA));
        a.StoppedOnRequest(RunnerA);
        Assert.False(person.State.StopRequested);
        Assert.False(b.StopAsked);
        Assert.Equal("0003-reviewer", b.Claim(RunnerB)!.Id);

        // A stop asked now is runner b's too.
        person.RequestStop();
        Assert.True(b.StopAsked);
        Assert.Null(b.Claim(RunnerB));
        b.StoppedOnRequest(RunnerB);
        Assert.False(person.State.StopRequested);
        Assert.Equal(1, person.Counts[JobState.Pending]);
    }

    [PostgresFact]
    public void A_stop_is_pending_until_the_last_runner_it_was_asked_of_stops_whatever_stopped_it()
    {
        const string RunnerA = "pid 1 on box-a in /src/shop", RunnerC = "pid 3 on box-c in /src/shop";
        var db = postgres.CreateDatabase();
        var a = Runner(db, "a", create: true);
        var c = Runner(db, "c");
        a.StartRunner(RunnerA);
        c.StartRunner(RunnerC);
        a.RequestStop();

        // Each is interrupted (Ctrl-C, SIGTERM) before it sees the stop: it waits for the other while that one is at work.
        c.SetRunner(RunnerStatus.Stopped, null, reporter: RunnerC);
        Assert.True(a.State.StopRequested);
        a.SetRunner(RunnerStatus.Stopped, null, reporter: RunnerA);
        Assert.False(a.State.StopRequested);
    }

    [PostgresFact]
    public void A_stop_whose_runners_were_all_lost_before_seeing_it_ends_when_the_next_runner_starts_and_does_not_stop_it()
    {
        var db = postgres.CreateDatabase();
        var a = Runner(db, "a", create: true);
        var b = Runner(db, "b");
        a.StartRunner("pid 1 on box-a in /src/shop");
        a.RequestStop();

        // Runner a died before it saw the stop; a lease later it reads as lost.
        _clock.Advance(QueueConfig.Defaults.Lease + TimeSpan.FromSeconds(1));
        b.StartRunner("pid 2 on box-b in /src/shop");

        Assert.False(b.StopAsked);
        Assert.False(b.State.StopRequested);
        Assert.Equal(1, b.State.Stops);
    }

    [PostgresFact]
    public void A_database_of_schema_8_counts_stops_from_its_migration_and_a_runner_of_the_older_ias_still_obeys_its_pending_stop()
    {
        const string Older = "pid 1 on box-a in /src/shop";
        var db = postgres.CreateDatabase();
        Runner(db, "a", create: true).SetRunner(RunnerStatus.Idle, Older);
        Raw(db, """
            ALTER TABLE queue_runs DROP COLUMN stops;
            ALTER TABLE queue_runners DROP COLUMN stops_at_start;
            UPDATE queue_runs SET stop_requested = true;
            UPDATE ias_schema SET version = 8 RETURNING version::text;
            """);

        var b = Runner(db, "b");
        b.StartRunner("pid 2 on box-b in /src/shop");

        Assert.Equal([Current], Raw(db, "SELECT version::text FROM ias_schema;"));
        Assert.False(b.StopAsked);
        Assert.True(b.State.StopRequested, "the stop asked of the older runner still waits for it");
        Assert.Equal([(Older, true), ("pid 2 on box-b in /src/shop", false)], b.Runners.Select(r => (r.Owner, r.Stopping(b.State))).Order());
    }

    [PostgresFact]
    public void Recovery_on_a_shared_queue_returns_only_the_jobs_of_runners_it_owns()
    {
        var db = postgres.CreateDatabase();
        var a = Runner(db, "a", create: true);
        a.Enqueue("reviewer", "one", null, false);
        a.Enqueue("reviewer", "two", null, false);
        a.Claim("pid 1 on box-a in /src/shop");
        a.Claim("pid 9 on box-b in /src/shop");

        var back = a.Recover("its runner stopped", owner => owner!.EndsWith(" on box-a in /src/shop", StringComparison.Ordinal));

        Assert.Equal("0001-reviewer", Assert.Single(back).Id);
        Assert.Equal(JobState.Running, a.Find("0002-reviewer")!.State);
    }

    [PostgresFact]
    public void A_checkouts_file_of_a_job_another_machine_took_is_not_taken_as_a_dropped_job()
    {
        var db = postgres.CreateDatabase();
        var a = Runner(db, "a", create: true);
        var b = Runner(db, "b");
        a.Enqueue("reviewer", "one", null, false);
        var stale = a.Paths.JobFile(JobState.Pending, "0001-reviewer");
        Assert.True(File.Exists(stale));
        b.Complete(b.Claim("pid 2 on box-b in /src/shop")!, JobEvidence.None, "done on b");

        using var drops = new JobDrops(a);
        Assert.Empty(drops.Take());
        a.CatchUp();

        Assert.Equal(("0001-reviewer", JobState.Done), (Assert.Single(a.Jobs).Id, a.Jobs[0].State));
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(a.Paths.JobFile(JobState.Done, "0001-reviewer")));
    }

    [PostgresFact]
    public async Task A_runner_standing_still_inside_a_transaction_is_cut_off_after_its_lease_and_its_job_taken_over()
    {
        var db = postgres.CreateDatabase();
        var config = QueueConfig.Defaults with { Lease = TimeSpan.FromSeconds(2) };
        var a = Runner(db, "a", create: true, config: config);
        var b = Runner(db, "b", config: config);
        a.Enqueue("reviewer", "one", null, false);
        var job = a.Claim("runner a")!;

        // Runner a is frozen (SIGSTOP, a suspended machine) half-way through a heartbeat: the job's row is written, not committed.
        using var written = new SemaphoreSlim(0);
        using var wake = new SemaphoreSlim(0);
        var frozen = Task.Run(() => _stores["a"].Transaction(() =>
        {
            _stores["a"].UpdateJobIf(job with { Heartbeat = job.Heartbeat }, job.Generation);
            written.Release();
            wake.Wait();
        }));
        Job taken;
        try
        {
            Assert.True(await written.WaitAsync(TimeSpan.FromSeconds(30)));
            _clock.Advance(config.Lease + TimeSpan.FromSeconds(1));

            // The server ends a's session a lease after it stood still, which lets the row go; then b takes the job over.
            LockedUntilReleased(db, job.Id);
            taken = b.Claim("runner b")!;
        }
        finally
        {
            wake.Release();
        }

        Assert.Equal((job.Id, job.Generation + 1, "lease_expired"), (taken.Id, taken.Generation, taken.History.Single().Outcome));

        // Woken, a learns it lost its connection, in one line that says what to do, and has written nothing.
        var lost = await Assert.ThrowsAsync<QueueUnreachableException>(() => frozen);
        Assert.StartsWith($"lost the connection to the shared queue at {postgres.Cluster.SocketDir}/", lost.Message, StringComparison.Ordinal);
        Assert.EndsWith("check that the server is up and reachable", lost.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', lost.Message);
        Assert.Equal(("runner b", 2L), (b.Find(job.Id)!.LeaseOwner, b.Find(job.Id)!.Generation));
    }

    [PostgresFact]
    public void Metadata_only_stores_markers_for_summaries_and_reasons_and_refuses_a_prompt_it_may_not_hold()
    {
        var db = postgres.CreateDatabase();
        var withheld = new DataPolicy(DataPolicyMode.MetadataOnly, new HashSet<string> { "repo.label", "intake.rawContent" });
        var q = Runner(db, "a", create: true, policy: withheld);
        q.Enqueue("reviewer", "Review the payment flow", null, false);
        var job = q.Claim("pid 1 on box-a in /src/shop")!;
        q.Fail(job, FailureClass.Network, "the agent said: card 4242 declined", null);
        job = q.Claim("pid 1 on box-a in /src/shop") ?? ClaimAfterBackoff(q);
        q.Complete(job, new JobEvidence(["abc123"], ["src/pay.cs"], null), "Fixed the refund path for ACME Corp");

        var row = Raw(db, "SELECT prompt, reason, history, evidence FROM queue_jobs;");
        Assert.Equal("Review the payment flow", row[0]);
        Assert.StartsWith("[withheld: job.summary, sha256:", row[1], StringComparison.Ordinal);
        Assert.DoesNotContain("ACME", row[1], StringComparison.Ordinal);
        Assert.DoesNotContain("4242", row[2], StringComparison.Ordinal);
        Assert.Contains("[withheld: job.reason, sha256:", row[2], StringComparison.Ordinal);
        Assert.Contains("abc123", row[3], StringComparison.Ordinal);

        var strict = Runner(db, "b", policy: new DataPolicy(DataPolicyMode.MetadataOnly, new HashSet<string> { "repo.label" }));
        var e = Assert.Throws<QueueException>(() => strict.Enqueue("reviewer", "Secret plans", null, false));
        Assert.Contains("intake.rawContent", e.Message, StringComparison.Ordinal);
        Assert.Equal("1", Raw(db, "SELECT COUNT(*)::text FROM queue_jobs;")[0]);
    }

    [PostgresFact]
    public void The_schema_is_migrated_once_and_a_newer_one_is_refused()
    {
        var db = postgres.CreateDatabase();
        Runner(db, "a", create: true);
        Runner(db, "b");
        Assert.Equal([Current], Raw(db, "SELECT string_agg(version::text, ',') FROM ias_schema;"));

        Raw(db, "UPDATE ias_schema SET version = 99 RETURNING version::text;");
        var e = Assert.Throws<QueueException>(() => PostgresQueueStore.Open(db, Repo, DataPolicy.Default, QueueConfig.Defaults.Lease));
        Assert.Equal($"the shared queue's database has schema 99, this ias knows {PostgresSchema.Version}: upgrade ias on this box to the team's version", e.Message);
    }

    [PostgresFact]
    public void A_database_of_schema_2_gains_each_jobs_usage_and_keeps_its_jobs()
    {
        var db = postgres.CreateDatabase();
        Runner(db, "a", create: true).Enqueue("reviewer", "before tokens were counted", null, false);
        Raw(db, "ALTER TABLE queue_jobs DROP COLUMN tokens_in, DROP COLUMN tokens_out, DROP COLUMN cost_usd; UPDATE ias_schema SET version = 2 RETURNING version::text;");

        var b = Runner(db, "b");
        var held = b.Claim("pid 2 on box-b in /src/shop")!;
        Assert.Equal(("before tokens were counted", JobUsage.None), (held.Prompt, held.Usage));
        Assert.NotNull(b.Heartbeat(held, new JobUsage(4000, 250, 0.061234m)));
        Assert.Equal([Current, "4000", "250", "0.061234"], Raw(db, "SELECT (SELECT version::text FROM ias_schema), tokens_in::text, tokens_out::text, cost_usd::text FROM queue_jobs;"));
        Assert.Equal(new JobUsage(4000, 250, 0.061234m), b.Find(held.Id)!.Usage);
    }

    [Fact]
    public void A_missing_or_unusable_connection_is_one_line_saying_what_to_do()
    {
        var unset = Assert.Throws<QueueException>(() => PostgresQueueStore.Open(null, Repo, DataPolicy.Default, QueueConfig.Defaults.Lease));
        Assert.StartsWith("ias.queue.backend is postgres but IAS_QUEUE_CONNECTION is not set", unset.Message, StringComparison.Ordinal);

        var bad = Assert.Throws<QueueException>(() => PostgresQueueStore.Open("Nonsense=1", Repo, DataPolicy.Default, QueueConfig.Defaults.Lease));
        Assert.StartsWith("IAS_QUEUE_CONNECTION is not a usable connection string", bad.Message, StringComparison.Ordinal);

        var down = Assert.Throws<QueueException>(() => PostgresQueueStore.Open($"Host={_dir.Path};Database=x;Username=x;Timeout=2", Repo, DataPolicy.Default, QueueConfig.Defaults.Lease));
        Assert.StartsWith($"cannot use the shared queue at {_dir.Path}/x:", down.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', down.Message);
    }

    private Job ClaimAfterBackoff(JobQueue q)
    {
        _clock.Advance(TimeSpan.FromHours(2));
        return q.Claim("pid 1 on box-a in /src/shop")!;
    }

    private JobQueue Runner(string db, string name, bool create = false, QueueRepository? repo = null, DataPolicy? policy = null, QueueConfig? config = null)
    {
        var store = PostgresQueueStore.Open(db, repo ?? Repo, policy ?? DataPolicy.Default, (config ?? QueueConfig.Defaults).Lease);
        _open.Add(store);
        _stores[name] = store;
        var root = Path.Combine(_dir.Path, name);
        if (create)
        {
            JobQueue.Create(store, root, "night", _clock);
        }

        var queue = new JobQueue(store, new QueuePaths(root, "night"), config ?? QueueConfig.Defaults, _clock, new FixedRandom(0.5));
        queue.Init();
        return queue;
    }

    /// <summary>Waits, as the server does, until no other transaction holds the job's row (at most 30 seconds).</summary>
    private static void LockedUntilReleased(string db, string id)
    {
        using var connection = new NpgsqlConnection(db);
        connection.Open();
        using var tx = connection.BeginTransaction();
        using var cmd = new NpgsqlCommand("SET LOCAL lock_timeout = '30s'; SELECT 1 FROM queue_jobs WHERE id = @id FOR UPDATE;", connection, tx);
        cmd.Parameters.AddWithValue("id", id);
        cmd.ExecuteNonQuery();
        tx.Rollback();
    }

    /// <summary>Whether a session of the database waits for a lock another holds.</summary>
    private static bool WaitsForALock(string db) =>
        Raw(db, "SELECT COUNT(*)::text FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock';")[0] != "0";

    /// <summary>Runs <paramref name="sql"/> (one statement or several) and returns the first row of the first that gives rows.</summary>
    private static List<string> Raw(string db, string sql)
    {
        using var connection = new NpgsqlConnection(db);
        connection.Open();
        using var cmd = new NpgsqlCommand(sql, connection);
        using var r = cmd.ExecuteReader();
        while (r.FieldCount == 0 && r.NextResult())
        {
        }

        Assert.True(r.Read());
        return [.. Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "" : r.GetString(i))];
    }

    public void Dispose()
    {
        foreach (var d in _open)
        {
            d.Dispose();
        }

        _dir.Dispose();
    }
}
