using Ias.Core.Cycles.Live;
using Ias.Core.Git;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Notifications;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Runner;

/// <summary>
/// How a runner claims its next job: the drops taken and the questions looked at first, then the run's safety controls. A
/// job the gate refuses is not claimed, so it is neither failed nor charged an attempt; a wait for the hour waits, and a cap,
/// too many waits or a tripped breaker stops the runner with its jobs left pending. A writing job is claimed only with the
/// checkout taken for it and a git identity to commit with.
/// </summary>
internal sealed class RunnerClaims(RunnerState state, QueueGate gate, JobDecisions decisions, GitCli git, RunnerIdle idle, TimeProvider clock) : IDisposable
{
    private readonly JobQueue _queue = state.Queue;
    private readonly RunPaths _paths = new(state.Queue.Paths.RepoRoot);

    // Job files dropped into pending/, taken before each claim.
    private readonly JobDrops _drops = new(state.Queue);
    private bool _dropsWarned;

    // What the gate last said before a claim it refused.
    private CallRefusal? _refused;

    // The wait whose line was shown, so a runner that waits an hour says so once.
    private DateTimeOffset? _waitShown;

    /// <summary>
    /// `ias run-loop`'s claim: null when the gate or the breaker stops the runner; otherwise the claim (no job when none is
    /// due), or <c>Waited</c> after a wait for the hour's limit, when the loop looks again.
    /// </summary>
    public async Task<(Job? Job, CheckoutLock? Checkout, bool Waited)?> GatedAsync(CancellationToken ct)
    {
        if (StoppedByBreaker())
        {
            return null;
        }

        var (job, checkout) = Next();
        if (job is null && _refused is { } refused)
        {
            _refused = null;
            return await RefusedAsync(refused, ct) ? null : (null, null, true);
        }

        return (job, checkout, false);
    }

    /// <summary>`ias run-once`'s claim: waits out the hour's limit, and claims nothing when the gate or the breaker stops the runner.</summary>
    public async Task<(Job? Job, CheckoutLock? Checkout)> OnceAsync(CancellationToken ct)
    {
        var (job, checkout) = StoppedByBreaker() ? (null, null) : Next();
        while (job is null && _refused is { } refused)
        {
            _refused = null;
            if (await RefusedAsync(refused, ct))
            {
                return (null, null);
            }

            (job, checkout) = Next();
        }

        return (job, checkout);
    }

    /// <summary>
    /// Claims the next due job; a writing one only with the checkout taken for it, which the caller lets go when the job is
    /// recorded. Read-only jobs need no checkout: ias commits nothing for them and their agent is given no write access, so
    /// they may read while a sprint writes. A writing job whose checkout another writer holds is not claimed: the runner
    /// stops with who holds it, and the job stays pending.
    /// </summary>
    private (Job? Job, CheckoutLock? Checkout) Next()
    {
        if (!_dropsWarned && _drops.Warning is { } warning)
        {
            state.Say($"warning: {warning}");
        }

        _dropsWarned = true;
        foreach (var line in _drops.Take())
        {
            state.Say(line);
        }

        // A job whose questions are all answered goes first: it waited for the person, not for its turn.
        var (answered, waiting, timedOut) = decisions.Look();
        state.Waiting = waiting;
        foreach (var (failed, why) in timedOut)
        {
            state.Say($"job {failed.Id} failed: {why}");
        }

        while (true)
        {
            var next = answered ?? _queue.Peek();
            if (GateRefuses(next))
            {
                return (null, null);
            }

            CheckoutLock? checkout;
            try
            {
                checkout = next is { Writes: true } writer ? TakeCheckout(writer, answered is not null) : null;
            }
            catch (QueueException)
            {
                gate.NotStarted();
                throw;
            }

            var job = answered is not null ? _queue.Resume(state.Owner, answered.Id) : checkout is not null ? _queue.Claim(state.Owner) : _queue.ClaimReadOnly(state.Owner);
            // The call the gate counted for the job is its own once claimed, and given back when no job was.
            if (job is null)
            {
                gate.NotStarted();
            }
            else
            {
                gate.Started();
            }

            if (job is not { Writes: true })
            {
                checkout?.Dispose();
                checkout = null;
            }

            if (job is null && _queue.Refused is { } over)
            {
                // The cap counted the calls the team's other runners have under way, which the look before the claim could not.
                _refused = new CallRefusal(CallRefusalKind.OverBudget, null, over);
            }
            else if (job is null && answered is null && next is { Writes: false })
            {
                // Another runner claimed the read-only job the look found, and a writing job may be first now: look again,
                // so it is claimed with the checkout rather than passed over for a later read-only one.
                continue;
            }

            return (job, checkout);
        }
    }

    /// <summary>The checkout taken for the writing job <paramref name="writer"/>; the runner stops when git has no identity or another writer holds it.</summary>
    /// <remarks>
    /// A writing job ends in a commit, which git refuses without a name and email: with none, the runner stops saying how to
    /// set them, and no turn is paid for only to fail there.
    /// </remarks>
    private CheckoutLock TakeCheckout(Job writer, bool answered)
    {
        if (git.IdentityProblem() is { } nobody)
        {
            state.Stopped();
            throw new QueueException($"{nobody}; then start the runner again (job {writer.Id} {(answered ? "keeps its answer" : "stays pending")})");
        }

        var now = clock.GetUtcNow();
        var me = new CheckoutWriter($"a queue runner of run {_queue.Run} at job {writer.Id}", Environment.ProcessId, now, $"stop it with `ias stop --run {_queue.Run}` or wait for the job");
        if (CheckoutLock.TryTake(JobTree.LockOf(git, writer, _queue.Shared), me, out var holder) is not { } checkout)
        {
            state.Stopped();
            throw new QueueException($"{holder!.Describe(now, "on " + JobTree.BranchOf(writer, _queue.Shared))}; then start the runner again (job {writer.Id} stays pending)");
        }

        return checkout;
    }

    /// <summary>
    /// Whether the gate refuses the claim of <paramref name="next"/>, keeping why for the loop. It is asked only when a job would
    /// be claimed (a due one, or a running one whose lease may have run out), so an idle runner at the hour's limit starts no
    /// wait; nothing is counted until a job is claimed.
    /// </summary>
    private bool GateRefuses(Job? next)
    {
        if ((next is null && _queue.Counts[JobState.Running] == 0) || gate.Check(reserve: next is not null, next) is not { } refused)
        {
            return false;
        }

        _refused = refused;
        return true;
    }

    /// <summary>Whether the breaker is OPEN: the runner then stops, saying how to go on, and claims nothing.</summary>
    private bool StoppedByBreaker()
    {
        if (gate.Tripped is not { } trip)
        {
            return false;
        }

        state.StopBeforeNextJob($"circuit breaker OPEN ({trip.Trigger}: {trip.Reason}); fix the cause, then `ias run-loop --run {_queue.Run} --reset-breaker`");
        return true;
    }

    /// <summary>
    /// What a refusal of the gate means: true when the runner stops (over a cap, or the wait that trips the breaker); false
    /// after waiting, for the hour or at most a poll, so `ias stop` is still seen while the hour runs out.
    /// </summary>
    private async Task<bool> RefusedAsync(CallRefusal refused, CancellationToken ct)
    {
        switch (refused.Kind)
        {
            case CallRefusalKind.OverBudget:
                state.Reporter.Notify(NotificationKind.Halted, $"runner of {_queue.Run} stopped: {refused.Line}", reason: refused.Line);
                state.StopBeforeNextJob(refused.Line);
                return true;
            case CallRefusalKind.RateHalt:
                state.Judge(null, gate.RateHalted(refused.Line));
                return StoppedByBreaker();
        }

        var until = refused.WaitUntil!.Value;
        if (_waitShown != until)
        {
            _waitShown = until;
            state.Say($"runner of {_queue.Run} waits: {refused.Line}; its jobs stay pending");
            _queue.SetRunner(RunnerStatus.Idle, state.Owner, reporter: state.Owner);
        }

        await idle.UntilAsync(until, clock.GetUtcNow(), ct);
        return false;
    }

    public void Dispose() => _drops.Dispose();
}
