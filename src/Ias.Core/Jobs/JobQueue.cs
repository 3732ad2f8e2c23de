using System.Text.Json;
using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Storage;

namespace Ias.Core.Jobs;

/// <summary>
/// One run's job queue for automated mode: the rows in `.run/ias.db` are the truth, and every change is mirrored into
/// runner/ inside the same write transaction, so the folders always show what the database holds.
/// </summary>
/// <remarks>
/// Every step reads only the rows it needs through an index (the next due job, the expired leases, the counts kept by
/// triggers) and the mirror writes only the jobs a change touched, so a claim costs the same with 10 or 100,000 jobs queued.
/// </remarks>
public sealed class JobQueue
{
    /// <summary>The failure of a job whose question went unanswered past ias.decisions.timeout_minutes.</summary>
    public const string UnansweredFailure = "unanswered";

    private readonly IQueueStore _queue;
    private readonly QueueConfig _config;
    private readonly TimeProvider _clock;
    private readonly RetryPolicy _retry;

    // The jobs the open change wrote, for the mirror; set only inside the write transaction.
    private List<Job>? _changed;

    // The run's row as the open change last read or wrote it, on the checkout's own store: the change holds the database's
    // write lock, so the row stays so until it commits, and neither the change's next step nor its mirror reads it again.
    // A shared store's row is read each time: other runners write it between the steps.
    private QueueRun? _run;

    /// <summary>A run's queue in the checkout's own database.</summary>
    public JobQueue(RunStore store, QueuePaths paths, QueueConfig config, TimeProvider clock, Random random)
        : this(new SqliteQueueStore(store), paths, config, clock, random)
    {
    }

    /// <summary>A run's queue in <paramref name="store"/>: the checkout's own database, or one a team shares.</summary>
    public JobQueue(IQueueStore store, QueuePaths paths, QueueConfig config, TimeProvider clock, Random random)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(store);
        _queue = store;
        Paths = paths;
        _config = config;
        _clock = clock;
        _retry = new RetryPolicy(config, random);
        if (_queue.FindQueueRun(paths.Run) is null)
        {
            throw new QueueException($"no run named {paths.Run}: create it with `ias new-run {paths.Run}`");
        }
    }

    public QueuePaths Paths { get; }

    public string Run => Paths.Run;

    public RetryPolicy Retry => _retry;

    /// <summary>Whether runners on other checkouts share the queue (each writing job then works on a branch of its own).</summary>
    public bool Shared => _queue.Shared;

    /// <summary>Where the questions of this queue's jobs wait for people (<see cref="IQueueStore.Questions"/>).</summary>
    public Decisions.IDecisionStore Questions => _queue.Questions;

    /// <summary>
    /// The run's runners as the store last heard from them; one not heard from for longer than a lease (killed, or its machine
    /// gone) is <see cref="RunnerStatus.Lost"/>, as a job's lease would have run out by then.
    /// </summary>
    public IReadOnlyList<QueueRunner> Runners
    {
        get
        {
            var now = Now();
            return [.. _queue.Runners(Run).Select(r => r.Status != RunnerStatus.Stopped && now - r.Updated > _config.Lease ? r with { Status = RunnerStatus.Lost } : r)];
        }
    }

    public QueueRun State => _queue.FindQueueRun(Run)!;

    public IReadOnlyList<Job> Jobs => _queue.Jobs(Run);

    /// <summary>
    /// `ias status --json`: the run's row, its counts and every job, read on one snapshot of the store so the counts agree with
    /// the jobs listed, each job written as the store reads it (on SQLite, from its row with no <see cref="Job"/> between).
    /// </summary>
    public void WriteStatus(Stream output, bool runnerAlive, IReadOnlyList<QueueRunner>? runners) =>
        _queue.Snapshot(() => QueueJson.WriteStatus(output, State, Counts, w => _queue.WriteJobs(w, Run), runnerAlive, runners));

    /// <summary>One job by its id; null when the run has none of that id.</summary>
    public Job? Find(string id) => _queue.FindJob(Run, id);

    /// <summary>How many jobs are in each state (kept by the database, not counted here).</summary>
    public IReadOnlyDictionary<JobState, int> Counts => _queue.Counts(Run);

    /// <summary>When the earliest pending job is due; null when none is pending.</summary>
    public DateTimeOffset? FirstPendingDue => _queue.FirstPendingDue(Run);

    /// <summary>`ias new-run NAME`: registers the run and creates its folder; an existing name is refused.</summary>
    public static void Create(IQueueStore store, string repoRoot, string name, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        var paths = new QueuePaths(repoRoot, name);
        if (!store.AddQueueRun(name, Microseconds(clock.GetUtcNow())))
        {
            throw new QueueException($"run {name} exists already: pick another name, or use it with --run {name}");
        }

        paths.PrepareRunDir();
    }

    /// <summary>The run a command means: --run NAME, or the newest run (--latest, and the default).</summary>
    public static string Resolve(IQueueStore store, string? run, bool latest)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (run is not null && latest)
        {
            throw new QueueException("--run and --latest both given: pass one of them");
        }

        var runs = store.QueueRuns();
        if (run is not null)
        {
            return runs.Any(r => r.Name == run) ? run
                : throw new QueueException($"no run named {run}: create it with `ias new-run {run}` (runs: {Names(runs)})");
        }

        return runs.Count > 0 ? runs[^1].Name : throw new QueueException("no runs yet: create one with `ias new-run NAME`");
    }

    /// <summary>`ias init`: the runner folders and config.json; running it again only refreshes them.</summary>
    public void Init() => MirrorAll(() =>
    {
        var run = State;
        if (run.Initialized is null)
        {
            _queue.SaveQueueRun(run with { Initialized = Now(), Updated = Now() });
        }
    });

    /// <summary>`ias enqueue`: a pending job, due now.</summary>
    public Job Enqueue(string role, string prompt, string? agent, bool writes) =>
        Enqueue([new JobRequest(role, prompt, agent, writes)])[0];

    /// <summary>`ias enqueue --from-file`: pending jobs, due now, numbered in the order given, in one transaction.</summary>
    public IReadOnlyList<Job> Enqueue(IReadOnlyList<JobRequest> requests)
    {
        IReadOnlyList<Job> jobs = [];
        Change(() =>
        {
            RequireInitialized();
            jobs = _queue.AddJobs(Run, requests, Now());
            _changed!.AddRange(jobs);
        });
        return jobs;
    }

    /// <summary>
    /// Takes a file dropped into pending/ (by hand, or by another program): a valid job file becomes a pending job and is
    /// removed; an invalid one is moved to failed/ as rejected-NAME with its reason in rejected-NAME.reason, never deleted.
    /// ias's own file of a pending job is passed over, and so is one the mirror left behind when the job moved on. Returns what happened, in one line; null when there was nothing to take.
    /// </summary>
    /// <remarks>
    /// The file's name, hash and time are recorded with the job in one transaction, so a runner killed before it removed the
    /// file does not enqueue it twice: the next look finds it taken and only removes it.
    /// </remarks>
    public string? TakeDrop(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var name = Path.GetFileName(file);
        if (name.StartsWith('.') || !name.EndsWith(".json", StringComparison.Ordinal)
            || (QueueMirror.IsJobFile(name) && _queue.FindJob(Run, name[..^".json".Length]) is { State: JobState.Pending }))
        {
            return null;
        }

        byte[] bytes;
        DateTime written;
        try
        {
            written = File.GetLastWriteTimeUtc(file);
            bytes = JobRequests.FileBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (QueueException e)
        {
            return Reject(file, e.Message);
        }

        if (QueueMirror.IsJobFile(name) && LagsBehind(name[..^".json".Length], bytes))
        {
            return null;
        }

        // The same file dropped again later (a nightly task, say) is written anew, so its time tells it from a leftover.
        var identity = $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))}@{written.Ticks}";
        JobRequest request;
        try
        {
            request = JobRequests.FromRepository(bytes, Paths.RepoRoot);
        }
        catch (QueueException e)
        {
            return Reject(file, e.Message);
        }

        Job? job = null;
        string? taken = null;
        Change(() =>
        {
            taken = _queue.DropTaken(Run, name, identity);
            if (taken is null)
            {
                job = _queue.AddJobs(Run, [request], Now())[0];
                _changed!.Add(job);
                _queue.AddDrop(Run, name, identity, job.Id, Now());
            }
        });

        // The mirror may have written the new job under the very name that was dropped.
        if (job is null || Path.GetFullPath(file) != Paths.JobFile(JobState.Pending, job.Id))
        {
            File.Delete(file);
        }

        return job is null ? $"job file {name} was taken as {taken} already; removed" : $"job file {name} enqueued as {job.Id} ({(job.Writes ? "writes" : "read-only")})";
    }

    /// <summary>
    /// Whether a job file in pending/ is the mirror's own file of <paramref name="id"/> from when it was pending, left behind
    /// because the job moved on elsewhere; then the mirror catches up with the job. On a shared queue each checkout's folder
    /// shows only what its own runners changed, so a job a runner on another machine took still has its pending file here:
    /// taking that as a dropped job would run the job twice. A job's file copied back by hand says its later state, and is a drop.
    /// </summary>
    private bool LagsBehind(string id, byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("id", out var named) || named.ValueKind != JsonValueKind.String || named.GetString() != id
                || !root.TryGetProperty("state", out var state) || state.ValueKind != JsonValueKind.String || state.GetString() != JobState.Pending.Wire())
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        var known = false;
        Change(() =>
        {
            if (_queue.FindJob(Run, id) is { } job)
            {
                known = true;
                _changed!.Add(job);
            }
        });
        return known;
    }

    private string Reject(string file, string why)
    {
        var name = Path.GetFileName(file);
        var failed = Paths.StateDir(JobState.Failed);
        var target = Path.Combine(failed, "rejected-" + name);
        for (var n = 2; File.Exists(target); n++)
        {
            target = Path.Combine(failed, $"rejected-{Path.GetFileNameWithoutExtension(name)}-{n}.json");
        }

        Directory.CreateDirectory(failed);
        File.Move(file, target);
        File.WriteAllText(target + ".reason", why + "\n");
        return $"job file {name} refused: {why}; moved to failed/{Path.GetFileName(target)}";
    }

    /// <summary>
    /// Returns jobs whose lease expired to pending (or to failed when they have used every attempt), then claims the first
    /// due pending job for <paramref name="owner"/> with a fresh lease and the next generation; writing jobs only in their
    /// order, and only when <paramref name="mayWrite"/> (the runner holds the checkout). Null when nothing is due.
    /// </summary>
    public Job? Claim(string owner, bool mayWrite = true)
    {
        Job? claimed = null;
        Change(() =>
        {
            var now = Now();
            foreach (var expired in _queue.ExpiredLeases(Run, now))
            {
                Release(expired, now, "lease_expired", $"lease of {expired.LeaseOwner} expired at {expired.LeaseExpires:u} without a heartbeat");
            }

            var run = Current;
            if (run.ParkedUntil > now || run.StopRequested)
            {
                return;
            }

            if (_queue.NextDue(Run, now, mayWrite) is { } next)
            {
                claimed = Take(next, owner, run, now);
            }
        });
        return claimed;
    }

    /// <summary>
    /// Claims the blocked job <paramref name="id"/> for <paramref name="owner"/> once its questions are answered, as
    /// <see cref="Claim"/> claims a due one; null when it is not blocked, or the queue is parked or asked to stop.
    /// </summary>
    public Job? Resume(string owner, string id)
    {
        Job? resumed = null;
        Change(() =>
        {
            var now = Now();
            var run = Current;
            if (!(run.ParkedUntil > now || run.StopRequested) && _queue.FindJob(Run, id) is { State: JobState.Blocked } job)
            {
                resumed = Take(job, owner, run, now);
            }
        });
        return resumed;
    }

    /// <summary>The job <see cref="Claim"/> would take now, taking nothing: whether the runner needs the checkout for it.</summary>
    public Job? Peek()
    {
        var now = Now();
        var run = State;
        return run.ParkedUntil > now || run.StopRequested ? null : _queue.NextDue(Run, now, mayWrite: true);
    }

    /// <summary>
    /// Renews the lease of a job still held under its generation, and its runner's row with it, with the job's
    /// <paramref name="usage"/> so far when given; null when another claim has taken it.
    /// </summary>
    public Job? Heartbeat(Job job, JobUsage? usage = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = Now();
        var renewed = job with { LeaseExpires = now + _config.Lease, Heartbeat = now, Usage = usage ?? job.Usage };
        var held = false;
        Change(() =>
        {
            held = SaveIf(renewed, job.Generation);
            if (held && job.LeaseOwner is { } owner)
            {
                _queue.SaveRunner(Run, new QueueRunner(owner, RunnerStatus.Running, job.Id, now));
            }
        });
        return held ? renewed : null;
    }

    /// <summary>How deep <paramref name="job"/> is in a chain of follow-ups: 0 for a job someone enqueued.</summary>
    public int Depth(Job job) => _queue.Depth(Run, (job ?? throw new ArgumentNullException(nameof(job))).Id);

    /// <summary>How many follow-up jobs agents have queued in this run so far (see <see cref="FollowUps"/>).</summary>
    public int FollowUpCount() => _queue.FollowUpCount(Run);

    /// <summary>
    /// Marks the job done with its evidence and queues the follow-up jobs it asked for, in one transaction; false when a
    /// later claim took it (the result is then not recorded, nor its follow-ups queued).
    /// </summary>
    public bool Complete(Job job, JobEvidence evidence, string summary, IReadOnlyList<JobRequest>? followUps = null) =>
        Complete(job, evidence, summary, followUps ?? [], out _);

    /// <inheritdoc cref="Complete(Job, JobEvidence, string, IReadOnlyList{JobRequest}?)"/>
    public bool Complete(Job job, JobEvidence evidence, string summary, IReadOnlyList<JobRequest> followUps, out IReadOnlyList<Job> queued)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = Now();
        var done = job with
        {
            State = JobState.Done,
            Ended = now,
            Evidence = evidence,
            Reason = summary,
            Failure = null,
            LeaseOwner = null,
            LeaseExpires = null,
            History = job.With(new JobAttempt(job.Attempts, job.Started ?? now, now, "done", null)),
        };
        var held = false;
        IReadOnlyList<Job> added = [];
        Change(() =>
        {
            held = SaveIf(done, job.Generation);
            if (held && followUps.Count > 0)
            {
                var depth = _queue.Depth(Run, job.Id) + 1;
                added = _queue.AddJobs(Run, followUps, now);
                foreach (var next in added)
                {
                    _queue.AddFollowUp(Run, next.Id, job.Id, depth);
                    _changed!.Add(next);
                }
            }
        });
        queued = added;
        return held;
    }

    /// <summary>
    /// Records a failed attempt and retries, fails or parks the job as <see cref="RetryPolicy"/> decides; a failed job keeps
    /// <paramref name="evidence"/> (its work-in-progress commit). Null when a later claim took the job.
    /// </summary>
    public RetryDecision? Fail(Job job, FailureClass failure, string detail, DateTimeOffset? resetsAt, JobEvidence? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = Now();
        var decision = _retry.Decide(failure, job.Counted, now, resetsAt);
        var reason = $"{detail} — {decision.Why}";
        var wire = RetryPolicy.Wire(failure);
        var released = job with { LeaseOwner = null, LeaseExpires = null, Failure = wire, Reason = reason };
        var next = decision.Kind switch
        {
            RetryKind.Retry => released with
            {
                State = JobState.Pending,
                NotBefore = decision.At,
                History = job.With(new JobAttempt(job.Attempts, job.Started ?? now, now, "retry", reason)),
            },
            RetryKind.Park => released with
            {
                State = JobState.Pending,
                NotBefore = decision.At,
                // The account's limit is not the job's fault: the attempt is given back.
                Attempts = job.Attempts - 1,
                History = job.With(new JobAttempt(job.Attempts, job.Started ?? now, now, "parked", reason)),
            },
            _ => released with
            {
                State = JobState.Failed,
                Ended = now,
                Evidence = evidence,
                History = job.With(new JobAttempt(job.Attempts, job.Started ?? now, now, "failed", reason)),
            },
        };

        var held = false;
        Change(() =>
        {
            held = SaveIf(next, job.Generation);
            if (held && decision.Kind == RetryKind.Park)
            {
                SaveRun(Current with { RunnerStatus = RunnerStatus.Parked, ParkedUntil = decision.At, ParkedReason = reason, Updated = now });
            }
        });
        return held ? decision : null;
    }

    /// <summary>
    /// Blocks a running job whose agent asked a person: its lease let go and its attempt recorded as asked (not counted
    /// toward ias.queue.retry.max_attempts) with <paramref name="reason"/>, until <see cref="Resume"/>; false when a later
    /// claim took the job.
    /// </summary>
    public bool Await(Job job, string reason)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = Now();
        var blocked = job with
        {
            State = JobState.Blocked,
            LeaseOwner = null,
            LeaseExpires = null,
            Reason = reason,
            Failure = null,
            History = job.With(new JobAttempt(job.Attempts, job.Started ?? now, now, JobAttempt.Asked, reason)),
        };
        var held = false;
        Change(() => held = SaveIf(blocked, job.Generation));
        return held;
    }

    /// <summary>A blocked job whose question waited too long fails with <paramref name="reason"/>; false when it is not blocked (any more).</summary>
    public bool Unanswered(string id, string reason)
    {
        var failed = false;
        Change(() =>
        {
            if (_queue.FindJob(Run, id) is { State: JobState.Blocked } job)
            {
                Save(job with { State = JobState.Failed, Ended = Now(), Reason = reason, Failure = UnansweredFailure });
                failed = true;
            }
        });
        return failed;
    }

    /// <summary>
    /// `ias recover`: every running job goes back to pending with its attempt recorded (to failed if it has no attempt left).
    /// The caller holds the run's lock, so no live runner owns them; on a shared queue only the jobs of runners in
    /// <paramref name="ownedHere"/> (this checkout's, which the lock says are dead) go back, the others' leases run their course.
    /// </summary>
    public IReadOnlyList<Job> Recover(string why, Func<string?, bool>? ownedHere = null)
    {
        var returned = new List<Job>();
        Change(() =>
        {
            var now = Now();
            foreach (var stuck in _queue.JobsIn(Run, JobState.Running).Where(j => ownedHere is null || ownedHere(j.LeaseOwner)))
            {
                returned.Add(Release(stuck, now, "recovered", why));
            }

            SaveRun(Current with { CurrentJob = null, RunnerStatus = RunnerStatus.Stopped, RunnerOwner = null, Updated = now });
        });
        return returned;
    }

    /// <summary>`ias retry-failed`: failed jobs back to pending, due now; with <paramref name="resetAttempts"/> their attempts start again from zero.</summary>
    public int RetryFailed(bool resetAttempts)
    {
        var count = 0;
        Change(() =>
        {
            var now = Now();
            foreach (var failed in _queue.JobsIn(Run, JobState.Failed))
            {
                // Without a reset a job that used every attempt still gets one more: the user asked for it. Attempts that
                // asked a person were never counted, so they stay.
                Save(failed with
                {
                    State = JobState.Pending,
                    NotBefore = now,
                    Ended = null,
                    Attempts = failed.Attempts - failed.Counted + (resetAttempts ? 0 : Math.Min(failed.Counted, _config.MaxAttempts - 1)),
                });
                count++;
            }
        });
        return count;
    }

    /// <summary>`ias stop`: the runner stops after its current job.</summary>
    public void RequestStop() => Change(() => SaveRun(Current with { StopRequested = true, Updated = Now() }));

    /// <summary>
    /// Records what the runner is doing now (the run's row and state.json on a checkout's own queue, <paramref name="reporter"/>'s
    /// own row among a shared queue's runners); a parked queue stays parked until its reset, whoever starts.
    /// </summary>
    public void SetRunner(string status, string? owner, bool clearStop = false, string? reporter = null) => Change(() =>
    {
        var run = Current;
        var now = Now();
        var parked = run.ParkedUntil > now;
        status = parked && status == RunnerStatus.Idle ? RunnerStatus.Parked : status;
        if ((reporter ?? owner) is { } who)
        {
            _queue.SaveRunner(Run, new QueueRunner(who, status, status == RunnerStatus.Running ? run.CurrentJob : null, now));
        }

        var next = run with
        {
            RunnerStatus = status,
            RunnerOwner = owner,
            CurrentJob = status == RunnerStatus.Running ? run.CurrentJob : null,
            StopRequested = !clearStop && run.StopRequested,
            ParkedUntil = parked ? run.ParkedUntil : null,
            ParkedReason = parked ? run.ParkedReason : null,
            Updated = now,
        };

        // On a shared queue the run's row holds only what the whole team shares (a stop, a park), so runners waiting for
        // jobs never wait on each other for it.
        if (!Shared || next.StopRequested != run.StopRequested || next.ParkedUntil != run.ParkedUntil)
        {
            SaveRun(next);
        }
    });

    /// <summary>
    /// Runs several changes (enqueues, claims, completions) as one: one transaction and one mirror of every job they wrote.
    /// A crash before its end keeps none of them, in the database or the folders; after it, all are as durable as one
    /// change is.
    /// </summary>
    public void Batch(Action changes) => Change(changes);

    /// <summary>
    /// Writes the whole runner folder from the database again: a runner does at its start, as a process killed between a
    /// change and its commit left a mirror of a change the database rolled back.
    /// </summary>
    public void Mirror() => MirrorAll(() => { });

    private Job Release(Job job, DateTimeOffset now, string outcome, string why)
    {
        var record = new JobAttempt(job.Attempts, job.Started ?? now, now, outcome, why);
        var spent = job.Counted >= _config.MaxAttempts;
        var released = job with
        {
            State = spent ? JobState.Failed : JobState.Pending,
            NotBefore = now,
            Ended = spent ? now : null,
            LeaseOwner = null,
            LeaseExpires = null,
            Reason = spent ? $"{why}; no attempt left (ias.queue.retry.max_attempts is {_config.MaxAttempts})" : why,
            Failure = spent ? outcome : job.Failure,
            History = job.With(record),
        };
        Save(released);
        return released;
    }

    // A claim: the job running for its owner with a fresh lease, the next generation and one more attempt.
    private Job Take(Job next, string owner, QueueRun run, DateTimeOffset now)
    {
        var claimed = next with
        {
            State = JobState.Running,
            Attempts = next.Attempts + 1,
            Generation = next.Generation + 1,
            LeaseOwner = owner,
            LeaseExpires = now + _config.Lease,
            Heartbeat = now,
            Started = now,
            Ended = null,
        };
        Save(claimed);
        // On a shared queue each runner's status is its own row: had every claim written the run's one row, each would
        // wait for the claim before it to commit, and all of them for a runner frozen half-way through one.
        if (!Shared)
        {
            SaveRun(run with { CurrentJob = claimed.Id, RunnerStatus = RunnerStatus.Running, RunnerOwner = owner, ParkedUntil = null, ParkedReason = null, Updated = now });
        }

        _queue.SaveRunner(Run, new QueueRunner(owner, RunnerStatus.Running, claimed.Id, now));
        return claimed;
    }

    private void RequireInitialized()
    {
        if (Current.Initialized is null)
        {
            throw new QueueException($"run {Run} has no runner yet: run `ias init --run {Run}` first");
        }
    }

    // A writing job waiting out a backoff, put back by `ias recover` or blocked on a person's answer may have left half-done
    // work in the tree, and only its own commit may take it: the writing jobs behind it wait, read-only ones go ahead
    // (SqliteQueueStore.NextDue). Kill -9 chaos tests caught a later job's commit carrying an earlier job's edits without this.

    // The mirror is written inside the write transaction, so two processes never interleave a change and an older mirror;
    // only the jobs the change wrote are mirrored, with state.json's counts.
    // A change inside another (a batch) joins it: the outermost mirrors everything the batch wrote, once.
    private void Change(Action change) => _queue.Transaction(() =>
    {
        if (_changed is not null)
        {
            change();
            return;
        }

        _changed = [];
        try
        {
            change();
            QueueMirror.WriteChanged(Paths, Current, _queue.Counts(Run), _changed);
        }
        finally
        {
            _changed = null;
            _run = null;
        }
    });

    private void MirrorAll(Action change) => _queue.Transaction(() =>
    {
        change();
        QueueMirror.WriteAll(Paths, _config, State, _queue.Counts(Run), _queue.Jobs(Run));
    });

    // The run as the open change knows it (see _run).
    private QueueRun Current => _run ?? Remember(State);

    private void SaveRun(QueueRun run)
    {
        _queue.SaveQueueRun(run);
        Remember(run);
    }

    private QueueRun Remember(QueueRun run)
    {
        if (_changed is not null && !_queue.Shared)
        {
            _run = run;
        }

        return run;
    }

    private void Save(Job job)
    {
        _queue.UpdateJob(job);
        _changed?.Add(job);
    }

    private bool SaveIf(Job job, long generation)
    {
        var held = _queue.UpdateJobIf(job, generation);
        if (held)
        {
            _changed?.Add(job);
        }

        return held;
    }

    // Whole microseconds, which PostgreSQL keeps: a job read back equals the one the mirror wrote, on either store.
    private DateTimeOffset Now() => Microseconds(_clock.GetUtcNow());

    private static DateTimeOffset Microseconds(DateTimeOffset t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerMicrosecond));

    private static string Names(IReadOnlyList<QueueRun> runs) => runs.Count == 0 ? "none" : string.Join(", ", runs.Select(r => r.Name));
}
