using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Runner;

/// <summary>The runner between jobs: waiting for the next one due, and telling whether the run is still its own.</summary>
internal sealed class RunnerIdle(RunnerState state, TimeSpan lease, TimeProvider clock)
{
    /// <summary>Whether this runner still holds its run's lock (a frozen runner's lock is replaced when another takes the run over); null: not asked.</summary>
    public Func<bool>? HoldsRun { get; set; }

    /// <summary>
    /// Waits until the next job is due, a parked queue's reset or the next look, whichever comes first; <paramref name="tell"/>
    /// (on the first wait after work) says what it waits for.
    /// </summary>
    public async Task WaitAsync(DateTimeOffset now, DateTimeOffset? firstDue, bool tell, CancellationToken ct)
    {
        var queue = state.Queue;
        var run = queue.State;
        var parked = run.ParkedUntil > now;
        // A waiting runner writes its row every third of a lease, or `ias status` takes it for lost (and, on a checkout's own
        // queue, the next runner takes its lock over).
        if (now - state.Reported >= lease / 3 || (!queue.Shared && !parked && (run.RunnerStatus is not RunnerStatus.Idle || run.RunnerOwner != state.Owner)))
        {
            queue.SetRunner(RunnerStatus.Idle, state.Owner);
            state.Reported = now;
        }

        if (tell)
        {
            // The runner folder may lag its store by a second (QueueConfig.MirrorEvery): once a runner says it waits, a person
            // reading the files finds what it did, and that it waits.
            queue.CatchUp();
        }

        if (parked && tell)
        {
            state.Say($"queue parked until {run.ParkedUntil:u}: {run.ParkedReason}");
        }

        if (tell && firstDue is { } next && run.ParkedUntil is null)
        {
            state.Say($"next job due at {next:u}");
        }

        if (tell && state.Waiting > 0)
        {
            state.Say($"{state.Waiting} job(s) wait for a person's answer: `ias decisions` lists the questions, `ias answer ID \"…\"` answers one");
        }

        await UntilAsync(parked ? run.ParkedUntil!.Value : firstDue ?? now + RunnerState.PollInterval, now, ct);
    }

    /// <summary>Waits until <paramref name="due"/>, or one poll at most, so `ias stop` is still seen during a long wait.</summary>
    public async Task UntilAsync(DateTimeOffset due, DateTimeOffset now, CancellationToken ct)
    {
        var wait = due - now;
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > RunnerState.PollInterval ? RunnerState.PollInterval : wait;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, ct);
        }
    }

    /// <summary>The runner that took a checkout's own run over from this one while it was frozen; null while the run is this runner's.</summary>
    public string? TakenOver() =>
        state.Queue.Shared ? null
        : state.Queue.State.RunnerOwner is { } holder && holder != state.Owner ? holder
        : HoldsRun?.Invoke() == false ? "another runner" : null;
}
