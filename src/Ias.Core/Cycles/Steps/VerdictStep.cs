using Ias.Core.Agents;
using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Records;
using Ias.Core.StateMachines;
using Ias.Core.Turns;

namespace Ias.Core.Cycles.Steps;

/// <summary>REVIEW and AUDIT: a read-only turn ends with a verdict; findings start the next cycle, a pass moves on.</summary>
internal sealed class VerdictStep(EngineContext ctx, LiveRun live, A2aWriter a2a, RunHalting halting, RedTeamStep redTeam) : RunStep(live)
{
    public override PhaseEnd? AfterTurn(PhaseStep step, ref AgentResponse response, TurnAction action) =>
        VerdictOf(ref response) is { } verdict ? AfterVerdict(step.PhaseId, step.Cycle, step.Phase, verdict) : null;

    private PhaseEnd AfterVerdict(long phaseId, int cycle, Phase phase, Verdict verdict)
    {
        var findings = verdict.Findings;
        var hash = FindingsHash.Of(findings);
        if (findings.Count > 0)
        {
            ctx.Runs.AddFindings(Live.Run.RunId, cycle, phase, hash!, findings);
        }

        Live.EndStep(phaseId, StepOutcome.Of(verdict.Passed), findings.Count, 0);
        a2a.WriteFeedback(phase, cycle, verdict);
        Live.AddToHistory(cycle, phase, findings.Count);
        Live.Event(RunEventKind.Phase, verdict.Passed
            ? $"{WireName.Of(phase).ToLowerInvariant()} passed"
            : $"{WireName.Of(phase).ToLowerInvariant()} found {findings.Count}: {string.Join("; ", findings.Take(3).Select(f => f.Title))}");

        if (Live.Breaker.RecordFindings(hash) is { } trip)
        {
            return halting.Tripped(trip);
        }

        if (verdict.Passed)
        {
            Live.Update(r => r with { FindingsFixed = r.FindingsFixed + Live.OpenFindings.Count });
            Live.OpenFindings = [];
            if (phase == Phase.Review)
            {
                Live.FirePhase(PhaseTrigger.ReviewPassed);
                Live.Persist();
                return PhaseEnd.Done;
            }

            Live.Breaker.CycleSucceeded();
            return redTeam.AfterAudit(cycle);
        }

        Live.OpenFindings = findings;
        Live.Breaker.CycleSucceeded(); // the cycle ran to a verdict: a HALF_OPEN breaker closes again
        Live.FirePhase(phase == Phase.Review ? PhaseTrigger.ReviewFindings : PhaseTrigger.AuditFindings);
        if (Live.StartCycle(cycle + 1) is { } limit)
        {
            return halting.Tripped(limit);
        }

        Live.Persist();
        return PhaseEnd.Done;
    }
}
