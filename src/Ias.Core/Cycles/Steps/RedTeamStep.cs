using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Cycles.A2a;
using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Cycles.Records;
using Ias.Core.Turns;

namespace Ias.Core.Cycles.Steps;

/// <summary>
/// The RED_TEAM_CODE gate, after a passing audit: a read-only turn compares the code with the design document;
/// confirmed divergences above the threshold send the work back to implement, at most max_cycles times, with its own
/// counter in state.json's `red_team_code`.
/// </summary>
internal sealed class RedTeamStep(
    EngineContext ctx, LiveRun live, RunInputs inputs, A2aWriter a2a, RunGit git, RunHalting halting, RunCompletion completion) : RunStep(live)
{
    /// <summary>What the reviewer and auditor already found in this sprint: the gate sees them, so it looks past them.</summary>
    public override IReadOnlyList<Finding> PromptFindings() => Live.EarlierFindings(Phase.Review, Phase.Audit);

    public override PhaseEnd? AfterTurn(PhaseStep step, ref AgentResponse response, TurnAction action)
    {
        if (!response.Success)
        {
            return null;
        }

        if (RedTeamReport.Parse(response.FinalText, out var whyNot) is { } report)
        {
            return AfterRedTeam(step.PhaseId, step.Cycle, report);
        }

        response = response with { Detail = whyNot ?? "no findings block" };
        return null;
    }

    private RedTeamConfig RedTeam => ctx.Config.RedTeam;

    /// <summary>Audit passed: the run completes, or (gate on) goes to RED_TEAM_CODE; at the gate's limit it warns and completes.</summary>
    public PhaseEnd AfterAudit(int cycle)
    {
        if (!RedTeam.Enabled)
        {
            return completion.Complete($"review and audit passed in cycle {cycle}");
        }

        var state = Live.Run.RedTeamCode ?? RedTeamCodeState.Fresh(RedTeam.MaxCycles);
        Live.Update(r => r with { RedTeamCode = state });
        if (state.Exhausted)
        {
            return AtGateLimit(cycle, state);
        }

        Live.FirePhase(PhaseTrigger.AuditPassed);
        Live.Persist();
        return PhaseEnd.Done;
    }

    /// <summary>Before the gate's turn: without the design it is skipped (skip_if_no_sdd) or the run halts; null when the turn may run.</summary>
    public override PhaseEnd? BeforeTurn()
    {
        if (inputs.Design is not null)
        {
            return null;
        }

        if (RedTeam.SkipIfNoSdd)
        {
            ctx.Runs.AddEvent(Live.Run.RunId, Live.Now, "red-team", $"skipped: no {RedTeamConfig.SddPath} (skip_if_no_sdd)");
            return completion.Complete($"review and audit passed in cycle {Live.Run.CycleCurrent}; no design document for the red-team gate");
        }

        halting.Halt($"the red-team gate needs {RedTeamConfig.SddPath} (red_team.code_vs_design.skip_if_no_sdd is false) and the run has none: write it, or set skip_if_no_sdd: true, then `ias run-resume --reload-config`");
        return PhaseEnd.Halted;
    }

    /// <summary>The gate's report: written to the sprint's a2a folder, then complete, or back to implement on actionable divergences.</summary>
    private PhaseEnd AfterRedTeam(long phaseId, int cycle, IReadOnlyList<RedTeamFinding> findings)
    {
        var actionable = findings.Where(f => f.IsActionable(RedTeam.SeverityThreshold)).ToList();
        var asFindings = actionable.Select(f => f.AsFinding()).ToList();
        var state = Live.Run.RedTeamCode! with
        {
            FindingsTotal = Live.Run.RedTeamCode!.FindingsTotal + findings.Count,
            DivergencesFound = Live.Run.RedTeamCode.DivergencesFound + findings.Count(f => f.Classification == RedTeamFinding.Confirmed),
            LastFindingsHash = FindingsHash.Of(asFindings) ?? Live.Run.RedTeamCode.LastFindingsHash,
        };
        a2a.Write(A2aFiles.RedTeamFindings, RedTeamReport.Render(Live.Run.Target, cycle, findings, RedTeam.SeverityThreshold), raw: true);

        git.CommitRunRecords($"chore({Live.Run.Target}): red team code-vs-design, cycle {cycle}", cycle, "red-team findings");
        if (asFindings.Count > 0)
        {
            ctx.Runs.AddFindings(Live.Run.RunId, cycle, Phase.RedTeamCode, FindingsHash.Of(asFindings)!, asFindings);
        }

        Live.EndStep(phaseId, StepOutcome.Of(actionable.Count == 0), actionable.Count, 0);
        Live.AddToHistory(cycle, Phase.RedTeamCode, actionable.Count);
        Live.Event(RunEventKind.Phase, actionable.Count == 0
            ? $"red team: the code matches the design ({findings.Count} finding(s), none actionable above {RedTeam.SeverityThreshold})"
            : $"red team found {actionable.Count} divergence(s): {string.Join("; ", actionable.Take(3).Select(f => f.Title))}");
        if (actionable.Count == 0)
        {
            Live.Update(r => r with { RedTeamCode = state });
            return completion.Complete($"review, audit and the red-team gate passed in cycle {cycle}");
        }

        state = state with { Cycles = state.Cycles + 1 };
        Live.Update(r => r with { RedTeamCode = state });
        if (state.Exhausted)
        {
            return AtGateLimit(cycle, state);
        }

        Live.OpenFindings = asFindings;
        Live.FirePhase(PhaseTrigger.Divergence);
        if (Live.StartCycle(cycle + 1) is { } limit)
        {
            return halting.Tripped(limit);
        }

        Live.Persist();
        return PhaseEnd.Done;
    }

    /// <summary>The gate has sent the work back as often as it may: 002's warning, and the run completes.</summary>
    private PhaseEnd AtGateLimit(int cycle, RedTeamCodeState state)
    {
        Live.Event(RunEventKind.RedTeam, "WARNING: Red Team code-vs-design max cycles reached, skipping");
        return completion.Complete($"review and audit passed in cycle {cycle}; red-team gate at its limit of {state.MaxCycles}");
    }
}
