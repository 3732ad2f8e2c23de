using Ias.Core.Config;

namespace Ias.Core.Cycles;

/// <summary>
/// Post-PR validation (002, post_pr_validation): once the draft PR is open the run goes back to RUNNING for
/// POST_PR_AUDIT (the auditor reads the whole PR) and E2E_TESTING (a fresh-eyes tester runs the tests and tries the change),
/// each sending what it finds to POST_PR_FIX, whose commit is pushed to the draft and audited again. Both passing is
/// READY_FOR_HITL; a check still finding after its max_iterations halts the run with an [INCOMPLETE] draft.
/// </summary>
/// <remarks>
/// The original orchestrator's CONTEXT_CLEAR has nothing to do here, since every turn is a fresh CLI session; its optional
/// FLATLINE_PR (a review by several models) is another tool's and is not run.
/// </remarks>
public sealed partial class RunEngine
{
    private PostPrConfig PostPr => _ctx.Config.PostPr;

    /// <summary>Whether this run validates its PR: on, with a check to run, and the run publishes its own PR (a plan or a bug run does not).</summary>
    private bool ValidatesPr => PostPr.Enabled && (PostPr.Audit || PostPr.E2e) && !DeferPublish;

    /// <summary>The draft is open: COMPLETE → RUNNING at POST_PR_AUDIT.</summary>
    private RunSnapshot StartValidation()
    {
        Fire(RunTrigger.Validate, $"draft PR {_run.PrUrl ?? "text in .run/pr.md"} open; post-PR validation");
        _phase.Fire(PhaseTrigger.Validate);
        Persist();
        return _run;
    }

    /// <summary>A post-PR check turned off in the configuration passes without a turn; null when the phase runs.</summary>
    private PhaseEnd? SkipPostPrPhase()
    {
        switch (_phase.State)
        {
            case Phase.PostPrAudit when !PostPr.Audit:
                _phase.Fire(PhaseTrigger.PostPrPassed);
                Persist();
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
            _ctx.Runs.AddFindings(_run.RunId, cycle, phase, FindingsHash.Of(findings)!, findings);
        }

        _ctx.Runs.EndPhase(phaseId, StepOutcome.Of(verdict.Passed), findings.Count, 0, Now);
        _run = _run with { CycleHistory = [.. _run.CycleHistory, new CycleEntry(cycle, phase, findings.Count)] };
        var name = phase == Phase.PostPrAudit ? "post-PR audit" : "E2E testing";
        Event("phase", verdict.Passed
            ? $"{name} passed"
            : $"{name} found {findings.Count}: {string.Join("; ", findings.Take(3).Select(f => f.Title))}");
        if (verdict.Passed)
        {
            if (phase == Phase.E2eTesting)
            {
                return Validated();
            }

            _phase.Fire(PhaseTrigger.PostPrPassed);
            Persist();
            return PhaseEnd.Done;
        }

        var rounds = _run.CycleHistory.Count(h => h.Phase == phase && h.Findings > 0);
        var max = phase == Phase.PostPrAudit ? PostPr.AuditMaxIterations : PostPr.E2eMaxIterations;
        if (rounds > max)
        {
            var reason = $"{name} still finds {findings.Count} after {max} fix(es) (post_pr_validation.phases.{(phase == Phase.PostPrAudit ? "audit" : "e2e")}.max_iterations): {findings[0].Title}";
            EnterHalt(RunTrigger.Halt, reason, reason);
            Report($"halted: {reason}; fix it on branch {_run.Branch}, then `ias run-resume`");
            return PhaseEnd.Halted;
        }

        _openFindings = findings;
        _phase.Fire(PhaseTrigger.PostPrFindings);
        Persist();
        return PhaseEnd.Done;
    }

    /// <summary>Every post-PR check passed: READY_FOR_HITL, the draft waiting for a person.</summary>
    private PhaseEnd Validated()
    {
        Fire(RunTrigger.Validated, "post-PR validation passed; the draft waits for a person");
        Report($"ready for human review: {_run.PrUrl ?? "the PR text is in .run/pr.md"}");
        return PhaseEnd.Done;
    }

    /// <summary>What earlier post-PR checks found: the next check looks that each is fixed.</summary>
    private IReadOnlyList<Finding> EarlierPostPrFindings() =>
        _run.CycleHistory
            .Where(h => h.Phase is Phase.PostPrAudit or Phase.E2eTesting && h.Findings > 0)
            .SelectMany(h => _ctx.Runs.Findings(_run.RunId, h.Cycle, h.Phase))
            .ToList();
}
