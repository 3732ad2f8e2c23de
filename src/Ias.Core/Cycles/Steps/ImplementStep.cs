using Ias.Core.Agents;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;
using Ias.Core.Storage;
using Ias.Core.Turns;

namespace Ias.Core.Cycles.Steps;

/// <summary>IMPLEMENT and POST_PR_FIX: the agent changes the code, and what it left in the tree is the run's next commit.</summary>
internal sealed class ImplementStep(EngineContext ctx, LiveRun live, RunGit git, RunHalting halting) : RunStep(live)
{
    /// <summary>
    /// Work that landed in the tree counts even when the turn ended badly (a timeout after edits is progress), and a turn
    /// cut short by max turns, context or budget ends the step incomplete with its reason.
    /// </summary>
    public override PhaseEnd? AfterTurn(PhaseStep step, ref AgentResponse response, TurnAction action) =>
        response.Success || action == TurnAction.EndIncomplete || ctx.Git.DirtyPaths().Count > 0
            ? AfterImplement(step.PhaseId, step.Phase, step.Cycle, step.Before, response)
            : null;

    private PhaseEnd AfterImplement(long phaseId, Phase phase, int cycle, string before, AgentResponse response)
    {
        var summary = ShortText.FirstLine(response.FinalText) is { Length: > 0 } s ? s : "agent changes";
        var message = phase == Phase.PostPrFix
            ? $"fix({Live.Run.Target}): post-PR — {ShortText.Cut(summary, 72)}"
            : SprintCommit.Message(Live.Run.Target, cycle, ShortText.Cut(summary, 72));
        var changed = git.CommitRunWork(before, message, cycle, summary);
        if (changed == 0)
        {
            Live.Event(RunEventKind.Commit, $"{(phase == Phase.PostPrFix ? "the post-PR fix" : "implement")} changed no file; nothing to commit");
        }

        Live.EndStep(phaseId, response.Success ? StepOutcome.Done : StepOutcome.Ended(response.Failure), 0, changed);
        Live.AddToHistory(cycle, phase, 0);
        var next = phase == Phase.PostPrFix ? PhaseTrigger.Fixed : PhaseTrigger.Implemented;
        if (Live.Breaker.RecordProgress(changed > 0) is { } trip)
        {
            Live.FirePhase(next);
            return halting.Tripped(trip);
        }

        Live.FirePhase(next);
        if (phase == Phase.PostPrFix && changed > 0)
        {
            // The fix goes to the open draft, which the next check reads as the person will.
            git.Publish(incomplete: false);
        }

        Live.Persist();
        return PhaseEnd.Done;
    }
}
