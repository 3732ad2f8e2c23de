using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Cycles.Records;
using Ias.Core.Safety;
using Ias.Core.StateMachines;

namespace Ias.Core.Cycles.Steps;

/// <summary>
/// Everything that stops a run: a person's halt, a trip of the breaker, a failure no retry fixes, lost state. Each halt
/// commits pending work, enters HALTED, then publishes an [INCOMPLETE] draft; a bug run's halt also jacks it out.
/// </summary>
internal sealed class RunHalting(LiveRun live, RunGit git)
{
    private readonly LiveRun _live = live;

    /// <summary>Every halt (user, breaker, failure): commit pending work, enter HALTED, then publish an [INCOMPLETE] draft.</summary>
    public void EnterHalt(RunTrigger trigger, string reason, string why)
    {
        _live.Update(r => r with { HaltReason = reason });
        git.CommitPendingWork(reason);
        _live.Fire(trigger, why);
        git.Publish(incomplete: true);
        JackOutBugRun();
    }

    /// <summary>A bug run is never resumed (a bug's HALTED has no way out), so its halt ends it: HALTED → JACKED_OUT.</summary>
    public void JackOutBugRun()
    {
        if (RunSnapshot.IsBugTarget(_live.Run.Target))
        {
            _live.Fire(RunTrigger.JackOut, "a bug run is not resumed");
        }
    }

    /// <summary>
    /// What a person does after a halt: resume (<paramref name="resume"/>); a bug run is not resumed, so its draft is finished
    /// by hand, or a new bug run is started.
    /// </summary>
    public string HowToContinue(string resume) =>
        !RunSnapshot.IsBugTarget(_live.Run.Target) ? resume
        : _live.Run.InPostPr ? $"a bug run is not resumed: finish its draft on branch {_live.Run.Branch} by hand, or start a new bug run with `ias run --bug \"...\"`"
        : "fix the cause, then start a new bug run with `ias run --bug \"...\"`";

    /// <summary>The breaker tripped: HALTED by its trigger, with how to go on.</summary>
    public void TripHalt(BreakerTrip trip)
    {
        _live.Event(RunEventKind.Breaker, $"tripped {trip.Trigger}: {trip.Reason}");
        EnterHalt(RunTrigger.Trip, $"circuit breaker: {trip.Reason}", trip.Reason);
        _live.Report($"halted: {trip.Reason}; {HowToContinue("fix the cause, then `ias run-resume --reset-ice`")}");
    }

    /// <summary>A person asked for the halt (`ias run-halt`, the dashboard, a signal).</summary>
    public void UserHalt(ControlWatcher control)
    {
        EnterHalt(RunTrigger.Halt, control.HaltReason ?? "halted by user",
            (control.ForceHalt ? "forced halt" : "graceful halt") + (control.HaltReason is null ? "" : $": {control.HaltReason}"));
        _live.Report($"halted at cycle {_live.Run.CycleCurrent}, next phase {WireName.Of(_live.Run.Phase)}; {HowToContinue("continue with `ias run-resume`")}");
    }

    /// <summary>The state was put back mid-run; the run halts with one line, so nobody works on in a state that someone removed.</summary>
    public RunSnapshot HaltOnLostState(LostState lost)
    {
        Halt(lost.HaltReason);
        return _live.Run;
    }

    /// <summary>What no retry can fix halts at once, with the CLI's own words.</summary>
    public static string HaltReason(string cli, AgentResponse response) => response.Failure switch
    {
        FailureClass.Breach => response.Detail,
        FailureClass.Auth => $"not logged in to {cli} ({response.Detail}); log in to {cli} once by hand, then `ias run-resume`",
        FailureClass.Billing => $"{cli}'s account was refused: no credits, billing off or access denied ({response.Detail}); fix the account, then `ias run-resume`",
        _ when response.Detail.StartsWith(FailureClassifier.NeedsVariable, StringComparison.Ordinal) => $"{cli} {response.Detail}; then `ias run-resume --reload-config`",
        _ => $"{cli} refused its command line ({response.Detail}); fix the agent's args in .loa.config.yaml, then `ias run-resume --reload-config`",
    };

    /// <summary>A halt for a reason a person reads once: HALTED, with the reason as its cause and as the line shown.</summary>
    public void Halt(string reason)
    {
        EnterHalt(RunTrigger.Halt, reason, reason);
        _live.Report($"halted: {reason}");
    }

    /// <summary>The step <paramref name="phaseId"/> failed for <paramref name="reason"/>, and the run halts with it.</summary>
    public PhaseEnd HaltStep(long phaseId, string reason)
    {
        _live.EndStep(phaseId, StepOutcome.Failed);
        EnterHalt(RunTrigger.Halt, reason, reason);
        return PhaseEnd.Halted;
    }

    /// <summary>The breaker tripped on <paramref name="trip"/>; the step's loop stops.</summary>
    public PhaseEnd Tripped(BreakerTrip trip)
    {
        TripHalt(trip);
        return PhaseEnd.Halted;
    }
}
