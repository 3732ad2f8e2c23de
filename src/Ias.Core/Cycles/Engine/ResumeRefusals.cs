using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.Cycles.Steps;
using Ias.Core.Safety;
using Ias.Core.StateMachines;

namespace Ias.Core.Cycles.Engine;

/// <summary>Why a run cannot be resumed, each in one line that says what to do instead; and a COMPLETE run's second try at publishing.</summary>
internal static class ResumeRefusals
{
    /// <summary>With no run in ias.db or the files, only the original tools' tripped breaker has something to resume: --reset-ice frees the repository.</summary>
    public static RunModeException NoRun(EngineContext ctx, int? orphan, bool resetIce)
    {
        if (orphan is { } group)
        {
            ctx.Progress($"stopped agent process group {group} left running by the engine that stopped");
        }

        if (resetIce && ctx.SafetyFiles.ReadBreaker() is { State: BreakerState.Open } lone)
        {
            var reset = new CircuitBreaker(lone, ctx.Clock);
            reset.Reset();
            ctx.SafetyFiles.Adopt();
            ctx.SafetyFiles.WriteBreaker(reset.Snapshot);
            return new RunModeException($"circuit breaker in {ctx.Paths.Display(ctx.Paths.CircuitBreaker)} reset to HALF_OPEN, but there is no run to resume: start one with `ias run sprint-N`");
        }

        return new RunModeException($"no run to resume in {ctx.RepoRoot}: start one with `ias run sprint-N`");
    }

    /// <summary>Refuses a run that cannot go on; a COMPLETE one publishes again, and ends here unless it validates its PR (non-null: the run to return).</summary>
    public static RunSnapshot? Check(RunSnapshot run, LiveRun live, bool resetIce, RunCompletion completion)
    {
        switch (run.State)
        {
            case RunState.JackedOut or RunState.ReadyForHitl:
                throw new RunModeException($"run {run.RunId} already finished ({WireName.Of(run.State)}); start a new one with `ias run {run.Target}`");
            case RunState.Ready or RunState.JackIn:
                throw new RunModeException($"run {run.RunId} never passed pre-flight; start it again with `ias run {run.Target}`");
            case RunState.Complete:
                // Publishing again; a run that validates its PR goes on to the checks, here.
                return completion.Finish().State != RunState.Running ? live.Run : null;
            case RunState.Halted when live.Breaker.Snapshot.History.LastOrDefault()?.Trigger == TripCause.CycleLimit && live.Breaker.State != BreakerState.Closed:
                throw new RunModeException(
                    $"run {run.RunId} used all {run.CycleLimit} cycles and Run Mode never goes past the limit: review branch {run.Branch}, then remove .run/ and start again with a higher --max-cycles");
            case RunState.Halted or RunState.Running when live.Breaker.State == BreakerState.Open && !resetIce:
                var last = live.Breaker.Snapshot.History.LastOrDefault();
                throw new RunModeException(
                    $"circuit breaker is OPEN ({last?.Trigger.Wire ?? "tripped"}: {last?.Reason ?? "see ias run-status"}); fix the cause, then `ias run-resume --reset-ice`");
            default:
                return null;
        }
    }
}
