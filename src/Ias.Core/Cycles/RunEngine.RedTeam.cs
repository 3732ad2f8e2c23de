using Ias.Core.Config;

namespace Ias.Core.Cycles;

/// <summary>
/// The RED_TEAM_CODE gate of 002, after a passing audit: a read-only turn compares the code with the design document;
/// confirmed divergences above the threshold send the work back to implement, at most max_cycles times, with its own
/// counter in state.json's `red_team_code`.
/// </summary>
public sealed partial class RunEngine
{
    private RedTeamConfig RedTeam => _ctx.Config.RedTeam;

    /// <summary>Audit passed: the run completes, or (gate on) goes to RED_TEAM_CODE; at the gate's limit it warns and completes.</summary>
    private PhaseEnd AfterAudit(int cycle)
    {
        if (!RedTeam.Enabled)
        {
            return Complete($"review and audit passed in cycle {cycle}");
        }

        var state = _run.RedTeamCode ?? RedTeamCodeState.Fresh(RedTeam.MaxCycles);
        _run = _run with { RedTeamCode = state };
        if (state.Exhausted)
        {
            return AtGateLimit(cycle, state);
        }

        _phase.Fire(PhaseTrigger.AuditPassed);
        Persist();
        return PhaseEnd.Done;
    }

    /// <summary>Before the gate's turn: without the design it is skipped (skip_if_no_sdd) or the run halts; null when the turn may run.</summary>
    private PhaseEnd? WithoutDesign()
    {
        if (_inputs.Design is not null)
        {
            return null;
        }

        if (RedTeam.SkipIfNoSdd)
        {
            _ctx.Runs.AddEvent(_run.RunId, Now, "red-team", $"skipped: no {RedTeamConfig.SddPath} (skip_if_no_sdd)");
            return Complete($"review and audit passed in cycle {_run.CycleCurrent}; no design document for the red-team gate");
        }

        var reason = $"the red-team gate needs {RedTeamConfig.SddPath} (red_team.code_vs_design.skip_if_no_sdd is false) and the run has none: write it, or set skip_if_no_sdd: true, then `ias run-resume --reload-config`";
        EnterHalt(RunTrigger.Halt, reason, reason);
        Report($"halted: {reason}");
        return PhaseEnd.Halted;
    }

    /// <summary>The gate's report: written to the sprint's a2a folder, then complete, or back to implement on actionable divergences.</summary>
    private PhaseEnd AfterRedTeam(long phaseId, int cycle, IReadOnlyList<RedTeamFinding> findings)
    {
        var actionable = findings.Where(f => f.IsActionable(RedTeam.SeverityThreshold)).ToList();
        var asFindings = actionable.Select(f => f.AsFinding()).ToList();
        var state = _run.RedTeamCode! with
        {
            FindingsTotal = _run.RedTeamCode!.FindingsTotal + findings.Count,
            DivergencesFound = _run.RedTeamCode.DivergencesFound + findings.Count(f => f.Classification == RedTeamFinding.Confirmed),
            LastFindingsHash = FindingsHash.Of(asFindings) ?? _run.RedTeamCode.LastFindingsHash,
        };
        if (A2aFiles.Write(_ctx.RepoRoot, Folder.Path, A2aFiles.RedTeamFindings, RedTeamReport.Render(_run.Target, cycle, findings, RedTeam.SeverityThreshold)) is { } refused)
        {
            RecordRefusal(refused);
        }

        CommitRunWork(_ctx.Git.Base(), $"chore({_run.Target}): red team code-vs-design, cycle {cycle}", cycle, "red-team findings");
        if (asFindings.Count > 0)
        {
            _ctx.Runs.AddFindings(_run.RunId, cycle, Phase.RedTeamCode, FindingsHash.Of(asFindings)!, asFindings);
        }

        _ctx.Runs.EndPhase(phaseId, StepOutcome.Of(actionable.Count == 0), actionable.Count, 0, Now);
        _run = _run with { CycleHistory = [.. _run.CycleHistory, new CycleEntry(cycle, Phase.RedTeamCode, actionable.Count)] };
        Event("phase", actionable.Count == 0
            ? $"red team: the code matches the design ({findings.Count} finding(s), none actionable above {RedTeam.SeverityThreshold})"
            : $"red team found {actionable.Count} divergence(s): {string.Join("; ", actionable.Take(3).Select(f => f.Title))}");
        if (actionable.Count == 0)
        {
            _run = _run with { RedTeamCode = state };
            return Complete($"review, audit and the red-team gate passed in cycle {cycle}");
        }

        state = state with { Cycles = state.Cycles + 1 };
        _run = _run with { RedTeamCode = state };
        if (state.Exhausted)
        {
            return AtGateLimit(cycle, state);
        }

        _openFindings = asFindings;
        _phase.Fire(PhaseTrigger.Divergence);
        if (StartCycle(cycle + 1) is { } limit)
        {
            TripHalt(limit);
            return PhaseEnd.Halted;
        }

        Persist();
        return PhaseEnd.Done;
    }

    /// <summary>What the reviewer and auditor already found in this sprint: the gate sees them, so it looks past them.</summary>
    private IReadOnlyList<Finding> EarlierFindings() =>
        _run.CycleHistory
            .Where(h => h.Phase is Phase.Review or Phase.Audit && h.Findings > 0)
            .SelectMany(h => _ctx.Runs.Findings(_run.RunId, h.Cycle, h.Phase))
            .ToList();

    /// <summary>The gate has sent the work back as often as it may: 002's warning, and the run completes.</summary>
    private PhaseEnd AtGateLimit(int cycle, RedTeamCodeState state)
    {
        Event("red-team", "WARNING: Red Team code-vs-design max cycles reached, skipping");
        return Complete($"review and audit passed in cycle {cycle}; red-team gate at its limit of {state.MaxCycles}");
    }

    /// <summary>Every check passed: COMPLETE, then publishing and JACKED_OUT.</summary>
    private PhaseEnd Complete(string why)
    {
        MarkCompleted(why);
        Fire(RunTrigger.AllPassed, why);
        Finish();
        return PhaseEnd.Done;
    }
}
