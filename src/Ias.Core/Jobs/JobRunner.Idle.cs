namespace Ias.Core.Jobs;

/// <summary>The runner between jobs: waiting for the next one due, and telling whether the run is still its own.</summary>
public sealed partial class JobRunner
{
    /// <summary>
    /// Waits until the next job is due, a parked queue's reset or the next look, whichever comes first; <paramref name="tell"/>
    /// (on the first wait after work) says what it waits for.
    /// </summary>
    private async Task IdleAsync(DateTimeOffset now, DateTimeOffset? firstDue, bool tell, CancellationToken ct)
    {
        var run = _queue.State;
        var parked = run.ParkedUntil > now;
        if (parked && tell)
        {
            _progress($"queue parked until {run.ParkedUntil:u}: {run.ParkedReason}");
        }

        // A waiting runner writes its row every third of a lease, or `ias status` takes it for lost (and, on a checkout's own
        // queue, the next runner takes its lock over).
        if (now - _reported >= _config.Queue.Lease / 3 || (!_queue.Shared && !parked && (run.RunnerStatus is not RunnerStatus.Idle || run.RunnerOwner != _owner)))
        {
            _queue.SetRunner(RunnerStatus.Idle, _owner);
            _reported = now;
        }

        if (tell && firstDue is { } next && run.ParkedUntil is null)
        {
            _progress($"next job due at {next:u}");
        }

        if (tell && _waiting > 0)
        {
            _progress($"{_waiting} job(s) wait for a person's answer: `ias decisions` lists the questions, `ias answer ID \"…\"` answers one");
        }

        var due = parked ? run.ParkedUntil!.Value : firstDue ?? now + PollInterval;
        var wait = Clamp(due - now, TimeSpan.Zero, PollInterval);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _clock, ct);
        }
    }

    /// <summary>Whether this runner still holds its run's lock (a frozen runner's lock is replaced when another takes the run over); null: not asked.</summary>
    public Func<bool>? HoldsRun { get; init; }

    /// <summary>The runner that took a checkout's own run over from this one while it was frozen; null while the run is this runner's.</summary>
    private string? TakenOver() =>
        _queue.Shared ? null
        : _queue.State.RunnerOwner is { } holder && holder != _owner ? holder
        : HoldsRun?.Invoke() == false ? "another runner" : null;

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;
}
