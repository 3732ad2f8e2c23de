using Ias.Core.Cycles;
using Ias.Core.Notifications;
using Ias.Core.Safety;

namespace Ias.Core.Jobs;

/// <summary>
/// The runner under the run's safety controls: a job the gate refuses is not claimed, so it is neither failed nor charged an
/// attempt. A wait for the hour waits; a cap, too many waits or a tripped breaker stops the runner, its jobs left pending.
/// </summary>
public sealed partial class JobRunner
{
    // Run Mode's safety controls over this run's jobs, and what they last said before a claim.
    private readonly QueueGate _gate;
    private CallRefusal? _refused;

    // The wait whose line was shown, so a runner that waits an hour says so once.
    private DateTimeOffset? _waitShown;

    /// <summary>The run's safety controls as this runner keeps them: its breaker, `ias run-loop --reset-breaker` resets.</summary>
    public QueueGate Gate => _gate;

    /// <summary>The line the gate stopped this runner with (a cap, the breaker); null while it may run. The command then exits 1.</summary>
    public string? StoppedBy { get; private set; }

    /// <summary>
    /// `ias run-loop`'s claim: null when the gate or the breaker stops the runner; otherwise the claim (no job when none is
    /// due), or <c>Waited</c> after a wait for the hour's limit, when the loop looks again.
    /// </summary>
    private async Task<(Job? Job, Storage.CheckoutLock? Checkout, bool Waited)?> ClaimGatedAsync(CancellationToken ct)
    {
        if (StoppedByBreaker())
        {
            return null;
        }

        var (job, checkout) = ClaimNext();
        if (job is null && _refused is { } refused)
        {
            _refused = null;
            return await RefusedAsync(refused, ct) ? null : (null, null, true);
        }

        return (job, checkout, false);
    }

    /// <summary>`ias run-once`'s claim: waits out the hour's limit, and claims nothing when the gate or the breaker stops the runner.</summary>
    private async Task<(Job? Job, Storage.CheckoutLock? Checkout)> ClaimOnceAsync(CancellationToken ct)
    {
        var (job, checkout) = StoppedByBreaker() ? (null, null) : ClaimNext();
        while (job is null && _refused is { } refused)
        {
            _refused = null;
            if (await RefusedAsync(refused, ct))
            {
                return (null, null);
            }

            (job, checkout) = ClaimNext();
        }

        return (job, checkout);
    }

    /// <summary>
    /// Whether the gate refuses the claim of <paramref name="next"/>, keeping why for the loop. It is asked only when a job would
    /// be claimed (a due one, or a running one whose lease may have run out), so an idle runner at the hour's limit starts no
    /// wait; nothing is counted until a job is claimed.
    /// </summary>
    private bool GateRefuses(Job? next)
    {
        if ((next is null && _queue.Counts[JobState.Running] == 0) || _gate.Check() is not { } refused)
        {
            return false;
        }

        _refused = refused;
        return true;
    }

    /// <summary>Whether the breaker is OPEN: the runner then stops, saying how to go on, and claims nothing.</summary>
    private bool StoppedByBreaker()
    {
        if (_gate.Tripped is not { } trip)
        {
            return false;
        }

        Stop($"circuit breaker OPEN ({trip.Trigger}: {trip.Reason}); fix the cause, then `ias run-loop --run {_queue.Run} --reset-breaker`");
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
                _reporter.Notify(NotificationKind.Halted, $"runner of {_queue.Run} stopped: {refused.Line}", reason: refused.Line);
                Stop(refused.Line);
                return true;
            case CallRefusalKind.RateHalt:
                Judge(null, _gate.RateHalted(refused.Line));
                return StoppedByBreaker();
        }

        var until = refused.WaitUntil!.Value;
        if (_waitShown != until)
        {
            _waitShown = until;
            _progress($"runner of {_queue.Run} waits: {refused.Line}; its jobs stay pending");
            _queue.SetRunner(RunnerStatus.Idle, _owner, reporter: _owner);
        }

        var now = _clock.GetUtcNow();
        var wait = Clamp(until - now, TimeSpan.Zero, PollInterval);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _clock, ct);
        }

        return false;
    }

    /// <summary>A trip of the breaker after a job is told at once; the runner stops before its next claim.</summary>
    private void Judge(Job? job, BreakerTrip? trip)
    {
        if (trip is not null)
        {
            _reporter.Notify(NotificationKind.Tripped, $"queue run {_queue.Run}: circuit breaker tripped ({trip.Trigger}): {trip.Reason}", job, trip.Reason);
        }
    }

    private void Stop(string why)
    {
        StoppedBy = $"runner of {_queue.Run} stopped before its next job: {why}";
        _queue.SetRunner(RunnerStatus.Stopped, null, reporter: _owner);
        _progress(StoppedBy);
    }
}
