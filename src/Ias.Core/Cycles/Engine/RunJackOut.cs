using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Safety;
using Ias.Core.StateMachines;

namespace Ias.Core.Cycles.Engine;

/// <summary>
/// HALTED → JACKED_OUT: a person ends a halted run for good instead of resuming it. Its branch, commits and [INCOMPLETE]
/// draft PR stay as they are; the repository is free for a new run. Only a HALTED run with no engine alive jacks out.
/// </summary>
internal static class RunJackOut
{
    /// <summary>
    /// Ends the run of <paramref name="ended"/>, which the engine holding the lock found; <paramref name="adopted"/> when it
    /// was taken over from the state files alone.
    /// </summary>
    public static RunSnapshot End(EngineContext ctx, LiveRun ended, bool adopted, string? reason)
    {
        var run = ended.Run;

        // A run ias takes over from the files alone has no ias engine to halt it first; ending it is the person's call.
        var ending = adopted && run.State is RunState.Running or RunState.Complete;
        if (run.State != RunState.Halted && !ending)
        {
            throw new RunModeException(run.State == RunState.JackedOut
                ? $"run {run.RunId} has already jacked out"
                : $"run {run.RunId} is {WireName.Of(run.State)} and only a HALTED run jacks out: `ias run-resume` continues it");
        }

        ended.Guard(
            new CircuitBreaker(
                ctx.Safety.LoadBreaker(run.RunId) ?? CircuitBreaker.Fresh(run.Started, run.CycleLimit, run.Options.TimeoutHours, 1, 1) with { CycleCurrent = run.CycleCurrent },
                ctx.Clock),
            CallGate.Rate(ctx));
        ctx.RunFiles.Adopt();
        if (adopted && ended.Run.State == RunState.Running)
        {
            // Only the state changes: its branch and PR are as the original tools left them, and nothing is committed or pushed.
            ended.Update(r => r with { HaltReason = "ended with `ias run-halt --jack-out` while its state files said RUNNING" });
            ended.Fire(RunTrigger.Halt, "taken over from the state files to be ended");
        }

        if (reason is not null)
        {
            // The person's reason is why the run ended; the halt's own stays beside it, since it says why the run stopped.
            ended.Update(r => r with { HaltReason = r.HaltReason is { } halted ? $"{reason} (halted: {halted})" : reason });
        }

        ended.Fire(RunTrigger.JackOut, reason is null ? "ended by user after the halt, not resumed" : $"ended by user after the halt: {reason}");
        return ended.Run;
    }
}
