using Ias.Core.Agents;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Cycles.Steps;
using Ias.Core.Turns;

namespace Ias.Tui.Tests.Runs;

/// <summary>A kind of step only the tests have: a review that keeps a tally of its verdicts in `.run/second-look.log`.</summary>
internal sealed class SecondLookStep(StepParts parts) : RunStep(parts.Live)
{
    public static readonly StepKind Kind = new("second-look");

    public override PhaseEnd? AfterTurn(PhaseStep step, ref AgentResponse response, TurnAction action)
    {
        if (VerdictOf(ref response) is not { } verdict)
        {
            return null;
        }

        var said = verdict.Passed ? "passed" : $"{verdict.Findings.Count} finding(s)";
        File.AppendAllText(Path.Combine(parts.Ctx.Paths.RunDir, "second-look.log"), $"cycle {step.Cycle}: {said}\n");
        Live.EndStep(step.PhaseId, StepOutcome.Of(verdict.Passed), verdict.Findings.Count);
        Live.AddToHistory(step.Cycle, step.Phase, verdict.Findings.Count);
        Live.Event(RunEventKind.Phase, $"second look {said}");
        Live.OpenFindings = verdict.Findings;
        Live.FirePhase(verdict.Passed ? PhaseTrigger.ReviewPassed : PhaseTrigger.ReviewFindings);
        if (!verdict.Passed && Live.StartCycle(step.Cycle + 1) is { } limit)
        {
            return parts.Halting.Tripped(limit);
        }

        Live.Persist();
        return PhaseEnd.Done;
    }
}
