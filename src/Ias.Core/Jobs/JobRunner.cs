using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Cycles;
using Ias.Core.Decisions;
using Ias.Core.Git;
using Ias.Core.Notifications;
using Ias.Core.StateMachines;
using Ias.Core.Storage;
using Ias.Core.Turns;

namespace Ias.Core.Jobs;

/// <summary>
/// The hybrid runner of automated mode: claims one job at a time, runs its agent turn with a lease renewed by heartbeats
/// (so a dead runner's job is taken over), commits a writing job's changes on the current branch under ICE, and records the
/// result, the retry, or the question its agent asked a person.
/// </summary>
public sealed partial class JobRunner : IAsyncDisposable
{
    private readonly JobQueue _queue;
    private readonly LoaConfig _config;
    private readonly TimeProvider _clock;
    private readonly string _owner;
    private readonly Action<string> _progress;
    private readonly RunPaths _paths;
    private readonly JobDecisions _decisions;
    private readonly JobReporter _reporter;
    private readonly JobPublisher _publisher;
    private readonly JobPreparation _preparation;
    private readonly GitCli _git;
    private readonly QueueAudit _audit;
    private readonly QueueOutageReport _outage;

    // Job files dropped into pending/, taken before each claim.
    private readonly JobDrops _drops;
    private bool _dropsWarned;

    // Blocked jobs of this checkout waiting for a person at the last look: a runner told to stop when idle waits for them.
    private int _waiting;

    // The last job's breach, if its agent changed what it must not: the runner stops after that job.
    private string? _breach;

    // When this runner last wrote its own row of a shared queue while it waited for a job.
    private DateTimeOffset _reported;

    /// <summary>
    /// A runner of <paramref name="queue"/> named <paramref name="owner"/>; <paramref name="local"/> is the checkout's
    /// `.run/ias.db`, where the notifications are kept whichever store holds the queue (the questions are kept with the queue).
    /// </summary>
    public JobRunner(JobQueue queue, IAgentInvoker invoker, LoaConfig config, GitCli git, TimeProvider clock, string owner, RunStore local, Action<string> progress)
    {
        _queue = queue;
        _config = config;
        _clock = clock;
        _owner = owner;
        _progress = progress;
        _paths = new RunPaths(queue.Paths.RepoRoot);
        _decisions = new JobDecisions(queue, config.DecisionTimeout, clock);
        _reporter = new JobReporter(queue, config, clock, local, progress);
        _publisher = new JobPublisher(queue, config, git, clock, _reporter);
        _preparation = new JobPreparation(queue, invoker, config, git, clock, _reporter, _publisher);
        _drops = new JobDrops(queue);
        _git = git;
        _audit = new QueueAudit(queue, git, config.DataPolicy, config.Queue);
        _outage = new QueueOutageReport(queue.Paths, _reporter);
        _gate = new QueueGate(queue, config, local, clock);
    }

    /// <summary>Tells of the runner's database going away and coming back (<see cref="QueueOutage.Told"/>): once each, in its progress, a notification and the outage file.</summary>
    public void Told(QueueOutageChange change) => _outage.Tell(change);

    /// <summary>How often a running job's tokens are written while they grow: the queue's files and `ias status` follow them.</summary>
    public static TimeSpan UsageInterval { get; } = TimeSpan.FromSeconds(2);

    /// <summary>How often an idle runner looks for new jobs and for `ias stop`.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// What a runner that ran out of work says: on a shared queue "stopped", since a runner row idle past a lease reads as
    /// lost; on a checkout's own queue "idle", which a parked queue keeps as "parked" until its reset.
    /// </summary>
    private string Ended => _queue.Shared ? RunnerStatus.Stopped : RunnerStatus.Idle;

    /// <summary>`ias run-once`: claims and runs the next due job (an answered one first); null when none is due.</summary>
    public Task<Job?> RunOnceAsync(CancellationToken ct) => _reporter.HaltingAsync(async () =>
    {
        CheckTrail();
        var (job, checkout) = await ClaimOnceAsync(ct);
        if (job is null)
        {
            return null;
        }

        using (checkout)
        {
            await ExecuteAsync(job, ct);
        }

        Audit(() => _audit.Job(_queue.Find(job.Id) ?? job, "run-once"));
        _queue.SetRunner(Ended, null, reporter: _owner);
        _reporter.NotifyIfDrained();
        return _queue.Find(job.Id);
    }, ct);

    /// <summary>
    /// `ias run-loop`: runs jobs until `ias stop` (after the current job), or, with <paramref name="stopWhenIdle"/>, until no job
    /// is pending nor waits here for a person's answer; waits out backoffs and a parked queue. Returns the number of jobs run.
    /// </summary>
    public Task<int> RunLoopAsync(bool stopWhenIdle, CancellationToken ct) => _reporter.HaltingAsync(async () =>
    {
        CheckTrail();
        Audit(() => _audit.All("runner started"));
        try
        {
            return await LoopAsync(stopWhenIdle, ct);
        }
        finally
        {
            Audit(() => _audit.All("runner stopped"));
        }
    }, ct);

    private async Task<int> LoopAsync(bool stopWhenIdle, CancellationToken ct)
    {
        var ran = 0;
        var idleShown = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_queue.State.StopRequested)
            {
                // On a shared queue the request stays, so every runner of the team sees it.
                _queue.SetRunner(RunnerStatus.Stopped, null, clearStop: !_queue.Shared, reporter: _owner);
                _progress($"runner of {_queue.Run} stopped on request after {ran} job(s)");
                _reporter.Notify(NotificationKind.Halted, $"runner of {_queue.Run} stopped on request (`ias stop`) after {ran} job(s)");
                return ran;
            }

            if (TakenOver() is { } other)
            {
                // The row is the other runner's now: nothing is written to it, and its jobs are its own.
                _progress($"runner of {_queue.Run} stops: {other} took the run over while this runner was not heard from for longer than a lease (frozen or suspended); a result this runner had is not recorded");
                return ran;
            }

            if (await ClaimGatedAsync(ct) is not var (job, checkout, waited))
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
                    await ExecuteAsync(job, ct);
                }

                Audit(() => _audit.Job(_queue.Find(job.Id) ?? job, $"runner {_owner}"));
                ran++;
                _reported = default;
                if (_breach is { } breach)
                {
                    _queue.SetRunner(RunnerStatus.Stopped, null, reporter: _owner);
                    _progress($"runner of {_queue.Run} stopped: {breach}; when the repository is as it should be, start the runner again");
                    _reporter.Notify(NotificationKind.Halted, $"runner of {_queue.Run} stopped after job {job.Id}: {breach}", reason: breach);
                    return ran;
                }

                _reporter.NotifyIfDrained();
                continue;
            }

            var now = _clock.GetUtcNow();
            var firstDue = _queue.FirstPendingDue;
            // A shared queue is idle only when no runner holds a job either: one that dies or hangs gives its job back when its
            // lease runs out. A job blocked here on a person's question is work still to do: the answer, or the timeout, ends the wait.
            if (stopWhenIdle && firstDue is null && _waiting == 0 && !(_queue.Shared && _queue.Counts[JobState.Running] > 0))
            {
                _queue.SetRunner(Ended, null, reporter: _owner);
                _progress($"queue of {_queue.Run} is empty: runner stopped after {ran} job(s)");
                return ran;
            }

            await IdleAsync(now, firstDue, tell: !idleShown, ct);
            idleShown = true;
        }
    }

    /// <summary>
    /// Claims the next due job; a writing one only with the checkout taken for it, which the caller lets go when the job is
    /// recorded. Read-only jobs need no checkout: ias commits nothing for them and their agent is given no write access, so
    /// they may read while a sprint writes. A writing job whose checkout another writer holds is not claimed: the runner
    /// stops with who holds it, and the job stays pending.
    /// </summary>
    private (Job? Job, CheckoutLock? Checkout) ClaimNext()
    {
        if (!_dropsWarned && _drops.Warning is { } warning)
        {
            _progress($"warning: {warning}");
        }

        _dropsWarned = true;
        foreach (var line in _drops.Take())
        {
            _progress(line);
        }

        // A job whose questions are all answered goes first: it waited for the person, not for its turn.
        var (answered, waiting, timedOut) = _decisions.Look();
        _waiting = waiting;
        foreach (var (failed, why) in timedOut)
        {
            _progress($"job {failed.Id} failed: {why}");
        }

        var next = answered ?? _queue.Peek();
        if (GateRefuses(next))
        {
            return (null, null);
        }

        CheckoutLock? checkout = null;
        if (next is { Writes: true } writer)
        {
            // A writing job ends in a commit, which git refuses without a name and email: such a job is not claimed, so no
            // turn is paid for only to fail there and no job is left running; the runner stops saying how to set them.
            if (_git.IdentityProblem() is { } nobody)
            {
                _queue.SetRunner(RunnerStatus.Stopped, null, reporter: _owner);
                throw new QueueException($"{nobody}; then start the runner again (job {writer.Id} {(answered is null ? "stays pending" : "keeps its answer")})");
            }

            var now = _clock.GetUtcNow();
            var me = new CheckoutWriter($"a queue runner of run {_queue.Run} at job {writer.Id}", Environment.ProcessId, now, $"stop it with `ias stop --run {_queue.Run}` or wait for the job");
            checkout = CheckoutLock.TryTake(_paths, me, out var holder);
            if (checkout is null)
            {
                _queue.SetRunner(RunnerStatus.Stopped, null, reporter: _owner);
                throw new QueueException($"{holder!.Describe(now)}; then start the runner again (job {writer.Id} stays pending)");
            }
        }

        var job = answered is not null ? _queue.Resume(_owner, answered.Id) : _queue.Claim(_owner, mayWrite: checkout is not null);
        if (job is not { Writes: true })
        {
            checkout?.Dispose();
            checkout = null;
        }

        if (job is not null)
        {
            _gate.Started();
        }

        return (job, checkout);
    }

    private async Task ExecuteAsync(Job job, CancellationToken ct)
    {
        // A shared queue's writing job switches the checkout to its own branch: the checkout goes back after it, however it
        // ended. After a breach no git runs at all (see GiveUp), and the runner stops.
        var back = _queue.Shared && job.Writes ? CheckoutReturn.From(_git) : null;
        try
        {
            await RunJobAsync(job, ct);
        }
        finally
        {
            if (_breach is null)
            {
                back?.Return(job.Id, _progress);
            }
        }
    }

    private async Task RunJobAsync(Job job, CancellationToken ct)
    {
        // Every attempt after an answer is given it; the first also resumes the session that asked.
        var (answers, resume, deliver) = _decisions.ForAttempt(job);
        _progress($"job {job.Id} started ({job.Role}, attempt {job.Counted} of {_queue.Retry.MaxAttempts}){(deliver.Count > 0 ? $" with the answer to {string.Join(", ", deliver)}" : "")}");
        if (await _preparation.PrepareAsync(job, answers + job.Prompt, ct) is not { } prepared
            || await RunTurnAsync(prepared, answers, resume, ct) is not var (result, lease))
        {
            return;
        }

        // Handed over once an agent has had them: a runner killed mid-turn hands them, and the session, again.
        if (deliver.Count > 0 && result.Response is not null)
        {
            _decisions.Delivered(deliver);
        }

        if (result.Response is not { } response)
        {
            _reporter.Finish(job, result.Refusal!, _queue.Fail(job, FailureClass.ConfigError, result.Refusal!, null), null, prepared.JobDir);
            Judge(job, _gate.Failed(FailureClass.ConfigError, result.Refusal!));
            return;
        }

        if (lease.Renew(new JobUsage(response.TokensIn, response.TokensOut, response.CostUsd)) is not { } current)
        {
            _progress($"job {job.Id}: another claim took the lease; the result of this attempt is not recorded");
            return;
        }

        // A question ends the turn on purpose: the job waits for the person, whatever the turn's last words were. After a
        // breach nothing of the turn is trusted, its questions included.
        if (response.Failure != FailureClass.Breach && AskedPerson(prepared, current, response))
        {
            return;
        }

        if (result.Action != TurnAction.Done)
        {
            GiveUp(prepared, current, response);
            Judge(current, response.Failure == FailureClass.UsageLimit ? _gate.UsageLimited(response.UsageResetsAt) : _gate.Failed(response.Failure, response.Detail));
            return;
        }

        Complete(prepared, current, response);
    }

    /// <summary>Runs the job's agent turn while its lease is kept; null when another claim took the lease and the agent was stopped.</summary>
    private async Task<(TurnResult Result, JobLease Lease)?> RunTurnAsync(PreparedJob prepared, string answers, string? resume, CancellationToken ct)
    {
        var job = prepared.Job;
        var prompt = answers + job.Prompt + FollowUps.Instructions + "\n\n" + AskInstructions.Text;
        var role = Role.Parse(job.Role);
        var request = new AgentRequest(role, WireName.Of(role.PhaseOf()), job.Seq, _queue.Run, prompt, prepared.Settings, prepared.AttemptDir)
        {
            WriteAccess = job.Writes,
            ResumeSessionId = resume,
            // Both in the turn's scratch folder, which the box lets every role write.
            Environment = new Dictionary<string, string> { [FollowUps.Variable] = prepared.FollowUpDir, [AskFile.Variable] = AskFile.ForJob(prepared.AttemptDir) },
        };
        using var agentCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var lease = new JobLease(_queue, job, _config.Queue.Lease, _clock, agentCts);
        var started = _clock.GetUtcNow();
        try
        {
            var result = await prepared.Turn.RunAsync(new TurnRequest(request) { GuardPushes = job.Writes }, e => OnEventAsync(job, lease, e), agentCts.Token);
            _gate.Recorded(job, request, result.Response, started);
            return (result, lease);
        }
        catch (OperationCanceledException) when (lease.Lost && !ct.IsCancellationRequested)
        {
            _progress($"job {job.Id}: another claim took the lease; this runner's attempt is abandoned");
            return null;
        }
        finally
        {
            await lease.StopAsync();
        }
    }

    private ValueTask OnEventAsync(Job job, JobLease lease, AgentEvent e)
    {
        if (e is SessionStarted s)
        {
            _progress($"job {job.Id} agent session {s.SessionId}");
        }
        else if (e is TokensSoFar t)
        {
            lease.Used(new JobUsage(t.TokensIn, t.TokensOut, null));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Whether the job's agent asked a person, which blocks the job, or the lease was lost as it did: either ends the attempt.</summary>
    private bool AskedPerson(PreparedJob prepared, Job current, AgentResponse response)
    {
        switch (_decisions.Ask(current, prepared.AttemptDir, response.SessionId, why => _reporter.Refused(current, why, prepared.AttemptDir)))
        {
            case null:
                _progress(JobReporter.NotRecorded(current));
                return true;
            case { Count: > 0 } asked:
                _reporter.Asked(current, asked, response, prepared.JobDir);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A turn that did not finish the job: the attempt is recorded failed, and the queue retries, parks or fails the job.</summary>
    private void GiveUp(PreparedJob prepared, Job current, AgentResponse response)
    {
        // A writing job that gives up leaves its half-done work in a WIP commit of its own (as a halted run
        // does), so the next job's commit never carries it; a retry continues from the tree as it is.
        // After a breach no git runs that could fire a hook the agent planted: no WIP commit, and the runner stops.
        _breach = response.Failure == FailureClass.Breach ? response.Detail : null;
        // On a shared queue the job's branch is made afresh by each attempt, and what a stopped one left is stashed instead.
        var wip = prepared.Before is { } before && prepared.Branch is null && _breach is null && _queue.Retry.GivesUp(response.Failure, current.Counted)
            ? Evidence(prepared.Turn.Commit(before, SprintCommit.Wip($"job {current.Id} failed: {RetryPolicy.Wire(response.Failure)}")))
            : null;
        _reporter.Finish(current, response.Detail, _queue.Fail(current, response.Failure, response.Detail, response.UsageResetsAt, wip), response, prepared.JobDir);
    }

    /// <summary>A turn that finished the job: a writing job's commit (pushed, with its draft PR, on a shared queue), then the job done with its follow-ups.</summary>
    private void Complete(PreparedJob prepared, Job current, AgentResponse response)
    {
        var evidence = prepared.Before is { } before ? Evidence(prepared.Turn.Commit(before, JobText.CommitSubject(current, response.FinalText))) : JobEvidence.None;
        if (prepared.Branch is { } branch && evidence.Commits.Count > 0)
        {
            if (JobPublisher.Push(branch) is { } unpushed)
            {
                _reporter.Finish(current, unpushed, _queue.Fail(current, FailureClass.Network, unpushed, null), response, prepared.JobDir);
                Judge(current, _gate.Failed(FailureClass.Network, unpushed));
                return;
            }

            evidence = _publisher.DraftPr(current, branch, evidence, response.FinalText, prepared.JobDir);
        }

        var (followUps, refused) = FollowUps.Read(prepared.FollowUpDir, _queue.Paths.RepoRoot, _queue.Depth(current), FollowUpRules.For(current, _config.Queue, _queue.FollowUpCount()));
        var recorded = _queue.Complete(current, evidence, JobText.OneLine(response.FinalText), followUps, out var queued);
        _progress(recorded
            ? $"job {current.Id} done: {evidence.Commits.Count} commit(s), {evidence.ChangedFiles.Count} file(s)"
            : JobReporter.NotRecorded(current));
        if (queued.Count > 0)
        {
            _progress($"job {current.Id} queued {queued.Count} follow-up job(s): {string.Join(", ", queued.Select(j => j.Id))}");
        }

        foreach (var line in recorded ? refused : [])
        {
            _progress($"job {current.Id}: {line}");
        }

        _reporter.WriteResult(prepared.JobDir, current, response, evidence, recorded ? "done" : "lost");
        if (recorded)
        {
            Judge(current, _gate.Done(progressed: !current.Writes || evidence.ChangedFiles.Count > 0));
        }
    }

    private static JobEvidence Evidence(TurnEvidence turn) => new(turn.Commits, turn.ChangedFiles, null);

    /// <summary>Sends what the notifier still holds, waiting (briefly) for its hook.</summary>
    public async ValueTask DisposeAsync()
    {
        _drops.Dispose();
        await _reporter.DisposeAsync();
    }
}
