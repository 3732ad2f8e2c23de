using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;
using Ias.Core.Turns;

namespace Ias.Core.Cycles.Steps;

/// <summary>
/// Post-PR validation (post_pr_validation): once the draft PR is open the run goes back to RUNNING for POST_PR_AUDIT (the
/// auditor reads the whole PR) and E2E_TESTING (a fresh-eyes tester runs the tests and tries the change), each sending
/// what it finds to POST_PR_FIX, whose commit is pushed to the draft and audited again. Both passing is READY_FOR_HITL;
/// a check still finding after its max_iterations halts the run with an [INCOMPLETE] draft.
/// </summary>
/// <remarks>
/// The original orchestrator's CONTEXT_CLEAR has nothing to do here, since every turn is a fresh CLI session; its optional
/// FLATLINE_PR (a review by several models) is another tool's and is not run.
/// </remarks>
internal sealed class PostPrStep(EngineContext ctx, LiveRun live, RunGit git, RunHalting halting) : RunStep(live)
{
    /// <summary>What earlier post-PR checks found: the next check looks that each is fixed.</summary>
    public override IReadOnlyList<Finding> PromptFindings() => Live.EarlierFindings(Phase.PostPrAudit, Phase.E2eTesting);

    public override PhaseEnd? AfterTurn(PhaseStep step, ref AgentResponse response, TurnAction action) =>
        VerdictOf(ref response) is { } verdict ? AfterPostPrVerdict(step.PhaseId, step.Cycle, step.Phase, verdict) : null;

    private PostPrConfig PostPr => ctx.Config.PostPr;

    /// <summary>A post-PR check turned off in the configuration passes without a turn; null when the phase runs.</summary>
    public override PhaseEnd? BeforeTurn()
    {
        switch (Live.Phase)
        {
            case Phase.PostPrAudit when !PostPr.Audit:
                Live.FirePhase(PhaseTrigger.PostPrPassed);
                Live.Persist();
                return PhaseEnd.Done;
            case Phase.E2eTesting when !PostPr.E2e:
                return Validated();
            default:
                return null;
        }
    }

    private PhaseEnd AfterPostPrVerdict(long phaseId, int cycle, Phase phase, Verdict verdict)
    {
        var findings = verdict.Findings;
        if (findings.Count > 0)
        {
            ctx.Runs.AddFindings(Live.Run.RunId, cycle, phase, FindingsHash.Of(findings)!, findings);
        }

        Live.EndStep(phaseId, StepOutcome.Of(verdict.Passed), findings.Count, 0);
        Live.AddToHistory(cycle, phase, findings.Count);
        var name = phase == Phase.PostPrAudit ? "post-PR audit" : "E2E testing";
        Live.Event(RunEventKind.Phase, verdict.Passed
            ? $"{name} passed"
            : $"{name} found {findings.Count}: {string.Join("; ", findings.Take(3).Select(f => f.Title))}");
        if (verdict.Passed)
        {
            if (phase == Phase.E2eTesting)
            {
                return Validated();
            }

            Live.FirePhase(PhaseTrigger.PostPrPassed);
            Live.Persist();
            return PhaseEnd.Done;
        }

        var rounds = Live.Run.CycleHistory.Count(h => h.Phase == phase && h.Findings > 0);
        var max = phase == Phase.PostPrAudit ? PostPr.AuditMaxIterations : PostPr.E2eMaxIterations;
        if (rounds > max)
        {
            var reason = $"{name} still finds {findings.Count} after {max} fix(es) (post_pr_validation.phases.{(phase == Phase.PostPrAudit ? "audit" : "e2e")}.max_iterations): {findings[0].Title}";
            halting.EnterHalt(RunTrigger.Halt, reason, reason);
            Live.Report($"halted: {reason}; {halting.HowToContinue($"fix it on branch {Live.Run.Branch}, then `ias run-resume`")}");
            return PhaseEnd.Halted;
        }

        Live.OpenFindings = findings;
        Live.FirePhase(PhaseTrigger.PostPrFindings);
        Live.Persist();
        return PhaseEnd.Done;
    }

    /// <summary>
    /// Every post-PR check passed: READY_FOR_HITL, the draft waiting for a person. A draft an earlier halt marked
    /// [INCOMPLETE] is published again first (what a person pushed to the branch, the title and body as they are now).
    /// </summary>
    private PhaseEnd Validated()
    {
        if (PullRequestText.LastWasIncomplete(Publisher.PrFile(ctx.Paths)))
        {
            git.Publish(incomplete: false);
        }

        Live.Fire(RunTrigger.Validated, "post-PR validation passed; the draft waits for a person");
        Live.Report($"ready for human review: {Live.Run.PrUrl ?? "the PR text is in .run/pr.md"}");
        return PhaseEnd.Done;
    }
}
