using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Storage;

namespace Ias.Core.Jobs;

/// <summary>
/// One run's job queue for automated mode: the rows in `.run/ias.db` are the truth, and every change is mirrored into
/// runner/ inside the same write transaction, so the folders always show what the database holds.
/// </summary>
public sealed class JobQueue
{
    private readonly RunStore _store;
    private readonly QueueStore _queue;
    private readonly QueueConfig _config;
    private readonly TimeProvider _clock;
    private readonly RetryPolicy _retry;

    public JobQueue(RunStore store, QueuePaths paths, QueueConfig config, TimeProvider clock, Random random)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _store = store;
        _queue = new QueueStore(store);
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

    public QueueRun State => _queue.FindQueueRun(Run)!;

    public IReadOnlyList<Job> Jobs => _queue.Jobs(Run);

    /// <summary>`ias new-run NAME`: registers the run and creates its folder; an existing name is refused.</summary>
    public static void Create(RunStore store, string repoRoot, string name, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        var paths = new QueuePaths(repoRoot, name);
        if (!new QueueStore(store).AddQueueRun(name, clock.GetUtcNow()))
        {
            throw new QueueException($"run {name} exists already: pick another name, or use it with --run {name}");
        }

        Directory.CreateDirectory(paths.RunDir);
    }

    /// <summary>The run a command means: --run NAME, or the newest run (--latest, and the default).</summary>
    public static string Resolve(RunStore store, string? run, bool latest)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (run is not null && latest)
        {
            throw new QueueException("--run and --latest both given: pass one of them");
        }

        var runs = new QueueStore(store).QueueRuns();
        if (run is not null)
        {
            return runs.Any(r => r.Name == run) ? run
                : throw new QueueException($"no run named {run}: create it with `ias new-run {run}` (runs: {Names(runs)})");
        }

        return runs.Count > 0 ? runs[^1].Name : throw new QueueException("no runs yet: create one with `ias new-run NAME`");
    }

    /// <summary>`ias init`: the runner folders and config.json; running it again only refreshes them.</summary>
    public void Init() => Change(() =>
    {
        var run = State;
        if (run.Initialized is null)
        {
            _queue.SaveQueueRun(run with { Initialized = _clock.GetUtcNow(), Updated = _clock.GetUtcNow() });
        }
    });

    /// <summary>`ias enqueue`: a pending job, due now.</summary>
    public Job Enqueue(string role, string prompt, string? agent, bool writes)
    {
        RequireInitialized();
        Job? job = null;
        Change(() => job = _queue.AddJob(Run, role, prompt, agent, writes, _clock.GetUtcNow()));
        return job!;
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
            var now = _clock.GetUtcNow();
            var jobs = _queue.Jobs(Run);
            foreach (var expired in jobs.Where(j => j.State == JobState.Running && j.LeaseExpires <= now))
            {
                Release(expired, now, "lease_expired", $"lease of {expired.LeaseOwner} expired at {expired.LeaseExpires:u} without a heartbeat");
            }

            var run = State;
            if (run.ParkedUntil > now || run.StopRequested)
            {
                return;
            }

            var next = Next(_queue.Jobs(Run), now, mayWrite);
            if (next is null)
            {
                return;
            }

            claimed = next with
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
            _queue.UpdateJob(claimed);
            _queue.SaveQueueRun(run with { CurrentJob = claimed.Id, RunnerStatus = RunnerStatus.Running, RunnerOwner = owner, ParkedUntil = null, ParkedReason = null, Updated = now });
        });
        return claimed;
    }

    /// <summary>The job <see cref="Claim"/> would take now, taking nothing: whether the runner needs the checkout for it.</summary>
    public Job? Peek()
    {
        var now = _clock.GetUtcNow();
        var run = State;
        return run.ParkedUntil > now || run.StopRequested ? null : Next(_queue.Jobs(Run), now, mayWrite: true);
    }

    /// <summary>Renews the lease of a job still held under its generation; null when another claim has taken it.</summary>
    public Job? Heartbeat(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = _clock.GetUtcNow();
        var renewed = job with { LeaseExpires = now + _config.Lease, Heartbeat = now };
        var held = false;
        Change(() => held = _queue.UpdateJobIf(renewed, job.Generation));
        return held ? renewed : null;
    }

    /// <summary>Marks the job done with its evidence; false when a later claim took it (the result is then not recorded).</summary>
    public bool Complete(Job job, JobEvidence evidence, string summary)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = _clock.GetUtcNow();
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
        Change(() => held = _queue.UpdateJobIf(done, job.Generation));
        return held;
    }

    /// <summary>
    /// Records a failed attempt and retries, fails or parks the job as <see cref="RetryPolicy"/> decides; a failed job keeps
    /// <paramref name="evidence"/> (its work-in-progress commit). Null when a later claim took the job.
    /// </summary>
    public RetryDecision? Fail(Job job, FailureClass failure, string detail, DateTimeOffset? resetsAt, JobEvidence? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        var now = _clock.GetUtcNow();
        var decision = _retry.Decide(failure, job.Attempts, now, resetsAt);
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
            held = _queue.UpdateJobIf(next, job.Generation);
            if (held && decision.Kind == RetryKind.Park)
            {
                _queue.SaveQueueRun(State with { RunnerStatus = RunnerStatus.Parked, ParkedUntil = decision.At, ParkedReason = reason, Updated = now });
            }
        });
        return held ? decision : null;
    }

    /// <summary>
    /// `ias recover`: every running job goes back to pending with its attempt recorded (to failed if it has no attempt left).
    /// The caller holds the run's lock, so no live runner owns them.
    /// </summary>
    public IReadOnlyList<Job> Recover(string why)
    {
        var returned = new List<Job>();
        Change(() =>
        {
            var now = _clock.GetUtcNow();
            foreach (var stuck in _queue.Jobs(Run).Where(j => j.State == JobState.Running))
            {
                returned.Add(Release(stuck, now, "recovered", why));
            }

            var run = State;
            _queue.SaveQueueRun(run with { CurrentJob = null, RunnerStatus = RunnerStatus.Stopped, RunnerOwner = null, Updated = now });
        });
        return returned;
    }

    /// <summary>`ias retry-failed`: failed jobs back to pending, due now; with <paramref name="resetAttempts"/> their attempts start again from zero.</summary>
    public int RetryFailed(bool resetAttempts)
    {
        var count = 0;
        Change(() =>
        {
            var now = _clock.GetUtcNow();
            foreach (var failed in _queue.Jobs(Run).Where(j => j.State == JobState.Failed))
            {
                // Without a reset a job that used every attempt still gets one more: the user asked for it.
                _queue.UpdateJob(failed with
                {
                    State = JobState.Pending,
                    NotBefore = now,
                    Ended = null,
                    Attempts = resetAttempts ? 0 : Math.Min(failed.Attempts, _config.MaxAttempts - 1),
                });
                count++;
            }
        });
        return count;
    }

    /// <summary>`ias stop`: the runner stops after its current job.</summary>
    public void RequestStop() => Change(() => _queue.SaveQueueRun(State with { StopRequested = true, Updated = _clock.GetUtcNow() }));

    /// <summary>Records what the runner is doing now (state.json); a parked queue stays parked until its reset, whoever starts.</summary>
    public void SetRunner(string status, string? owner, bool clearStop = false) => Change(() =>
    {
        var run = State;
        var now = _clock.GetUtcNow();
        var parked = run.ParkedUntil > now;
        _queue.SaveQueueRun(run with
        {
            RunnerStatus = parked && status == RunnerStatus.Idle ? RunnerStatus.Parked : status,
            RunnerOwner = owner,
            CurrentJob = status == RunnerStatus.Running ? run.CurrentJob : null,
            StopRequested = !clearStop && run.StopRequested,
            ParkedUntil = parked ? run.ParkedUntil : null,
            ParkedReason = parked ? run.ParkedReason : null,
            Updated = now,
        });
    });

    /// <summary>Writes the runner folder from the database again (after a crash between a change and its mirror).</summary>
    public void Mirror() => Change(() => { });

    // A writing job waiting out a backoff (or put back by `ias recover`) may have left half-done work in the tree, and only
    // its own commit may take it: the writing jobs behind it wait, read-only ones go ahead. Kill -9 chaos tests caught a
    // later job's commit carrying an earlier job's edits without this.
    private static Job? Next(IReadOnlyList<Job> jobs, DateTimeOffset now, bool mayWrite)
    {
        var pending = jobs.Where(j => j.State == JobState.Pending).ToList();
        var firstWriter = pending.FirstOrDefault(j => j.Writes);
        return pending.FirstOrDefault(j => j.NotBefore <= now && (!j.Writes || (mayWrite && j.Id == firstWriter?.Id)));
    }

    private Job Release(Job job, DateTimeOffset now, string outcome, string why)
    {
        var record = new JobAttempt(job.Attempts, job.Started ?? now, now, outcome, why);
        var spent = job.Attempts >= _config.MaxAttempts;
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
        _queue.UpdateJob(released);
        return released;
    }

    private void RequireInitialized()
    {
        if (State.Initialized is null)
        {
            throw new QueueException($"run {Run} has no runner yet: run `ias init --run {Run}` first");
        }
    }

    // The mirror is written inside the write transaction, so two processes never interleave a change and an older mirror.
    private void Change(Action change) => _store.Transaction(() =>
    {
        change();
        QueueMirror.Write(Paths, _config, State, _queue.Jobs(Run));
    });

    private static string Names(IReadOnlyList<QueueRun> runs) => runs.Count == 0 ? "none" : string.Join(", ", runs.Select(r => r.Name));
}
