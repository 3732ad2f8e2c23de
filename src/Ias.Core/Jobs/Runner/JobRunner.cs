using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Notifications;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Runner;

/// <summary>
/// The hybrid runner of automated mode: claims one job at a time, runs its agent turn with a lease renewed by heartbeats
/// (so a dead runner's job is taken over), commits a writing job's changes in its worktree under ICE, and records the
/// result, the retry, or the question its agent asked a person.
/// </summary>
public sealed class JobRunner : IAsyncDisposable
{
    private readonly JobQueue _queue;
    private readonly TimeProvider _clock;
    private readonly RunnerState _state;
    private readonly QueueGate _gate;
    private readonly QueueOutageReport _outage;
    private readonly RunnerAudit _audit;
    private readonly RunnerIdle _idle;
    private readonly RunnerClaims _claims;
    private readonly JobAttemptRun _attempt;

    /// <summary>
    /// A runner of <paramref name="queue"/> named <paramref name="owner"/>; <paramref name="local"/> is the checkout's
    /// `.run/ias.db`, where the notifications are kept whichever store holds the queue (the questions are kept with the queue).
    /// </summary>
    public JobRunner(JobQueue queue, IAgentInvoker invoker, LoaConfig config, GitCli git, TimeProvider clock, string owner, RunStore local, Action<string> progress)
    {
        _queue = queue;
        _clock = clock;
        var reporter = new JobReporter(queue, config, clock, local, progress);
        var publisher = new JobPublisher(queue, config, git, clock, reporter);
        var decisions = new JobDecisions(queue, config.DecisionTimeout, clock);
        _state = new RunnerState(queue, owner, reporter, progress);
        _gate = new QueueGate(queue, config, local, clock);
        queue.Admission = _gate.Admission;
        _outage = new QueueOutageReport(queue.Paths, reporter);
        _audit = new RunnerAudit(new QueueAudit(queue, git, config.DataPolicy, config.Queue), _state);
        _idle = new RunnerIdle(_state, config.Queue.Lease, clock);
        _claims = new RunnerClaims(_state, _gate, decisions, git, _idle, clock);
        _attempt = new JobAttemptRun(_state, config, clock, decisions, new JobPreparation(queue, invoker, config, git, clock, reporter, publisher), publisher, _gate);
    }

    /// <summary>Tells of the runner's database going away and coming back (<see cref="QueueOutage.Told"/>): once each, in its progress, a notification and the outage file.</summary>
    public void Told(QueueOutageChange change) => _outage.Tell(change);

    /// <summary>The run's safety controls as this runner keeps them: its breaker, `ias run-loop --reset-breaker` resets.</summary>
    public QueueGate Gate => _gate;

    /// <summary>The line the gate stopped this runner with (a cap, the breaker); null while it may run. The command then exits 1.</summary>
    public string? StoppedBy => _state.StoppedBy;

    /// <summary>Whether this runner still holds its run's lock (a frozen runner's lock is replaced when another takes the run over); null: not asked.</summary>
    public Func<bool>? HoldsRun
    {
        get => _idle.HoldsRun;
        init => _idle.HoldsRun = value;
    }

    /// <summary>How often a running job's tokens are written while they grow: the queue's files and `ias status` follow them.</summary>
    public static TimeSpan UsageInterval { get; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// What a runner that ran out of work says: on a shared queue "stopped", since a runner row idle past a lease reads as
    /// lost; on a checkout's own queue "idle", which a parked queue keeps as "parked" until its reset.
    /// </summary>
    private RunnerStatus Ended => _queue.Shared ? RunnerStatus.Stopped : RunnerStatus.Idle;

    /// <summary>`ias run-once`: claims and runs the next due job (an answered one first); null when none is due.</summary>
    public Task<Job?> RunOnceAsync(CancellationToken ct) => _state.Reporter.HaltingAsync(async () =>
    {
        _audit.Check();
        var (job, checkout) = await _claims.OnceAsync(ct);
        if (job is null)
        {
            return null;
        }

        using (checkout)
        {
            await _attempt.RunAsync(job, ct);
            _attempt.Stopped();
        }

        _audit.Job(job, "run-once");
        _queue.SetRunner(Ended, null, reporter: _state.Owner);
        _state.Reporter.NotifyIfDrained();
        return _queue.Find(job.Id);
    }, ct);

    /// <summary>
    /// `ias run-loop`: runs jobs until `ias stop` (after the current job), or, with <paramref name="stopWhenIdle"/>, until no job
    /// is pending nor waits here for a person's answer; waits out backoffs and a parked queue. Returns the number of jobs run.
    /// </summary>
    public Task<int> RunLoopAsync(bool stopWhenIdle, CancellationToken ct) => _state.Reporter.HaltingAsync(async () =>
    {
        _audit.Check();
        _audit.All("runner started");
        try
        {
            return await LoopAsync(stopWhenIdle, ct);
        }
        finally
        {
            _attempt.Stopped();
            _audit.All("runner stopped");
        }
    }, ct);

    private async Task<int> LoopAsync(bool stopWhenIdle, CancellationToken ct)
    {
        var ran = 0;
        var idleShown = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_queue.StopAsked)
            {
                _queue.StoppedOnRequest(_state.Owner);
                _state.Say($"runner of {_queue.Run} stopped on request after {ran} job(s)");
                _state.Reporter.Notify(NotificationKind.Halted, $"runner of {_queue.Run} stopped on request (`ias stop`) after {ran} job(s)");
                return ran;
            }

            if (_idle.TakenOver() is { } other)
            {
                // The row is the other runner's now: nothing is written to it, and its jobs are its own.
                _state.Say($"runner of {_queue.Run} stops: {other} took the run over while this runner was not heard from for longer than a lease (frozen or suspended); a result this runner had is not recorded");
                return ran;
            }

            if (await _claims.GatedAsync(ct) is not var (job, checkout, waited))
            {
                return ran;
            }

            if (waited)
            {
                continue;
            }

            if (job is not null)
            {
                idleShown = false;
                using (checkout)
                {
                    await _attempt.RunAsync(job, ct);
                }

                _audit.Job(job, $"runner {_state.Owner}");
                ran++;
                _state.Reported = default;
                if (_state.Breach is { } breach)
                {
                    _state.Stopped();
                    _state.Say($"runner of {_queue.Run} stopped: {breach}; when the repository is as it should be, start the runner again");
                    _state.Reporter.Notify(NotificationKind.Halted, $"runner of {_queue.Run} stopped after job {job.Id}: {breach}", reason: breach);
                    return ran;
                }

                _state.Reporter.NotifyIfDrained();
                continue;
            }

            var now = _clock.GetUtcNow();
            var firstDue = _queue.FirstPendingDue;
            // A shared queue is idle only when no runner holds a job either: one that dies or hangs gives its job back when its
            // lease runs out. A job blocked here on a person's question is work still to do: the answer, or the timeout, ends the wait.
            if (stopWhenIdle && firstDue is null && _state.Waiting == 0 && !(_queue.Shared && _queue.Counts[JobState.Running] > 0))
            {
                _queue.SetRunner(Ended, null, reporter: _state.Owner);
                _state.Say($"queue of {_queue.Run} is empty: runner stopped after {ran} job(s)");
                return ran;
            }

            await _idle.WaitAsync(now, firstDue, tell: !idleShown, ct);
            idleShown = true;
        }
    }

    /// <summary>Sends what the notifier still holds, waiting (briefly) for its hook.</summary>
    public async ValueTask DisposeAsync()
    {
        _claims.Dispose();
        await _state.Reporter.DisposeAsync();
    }
}
