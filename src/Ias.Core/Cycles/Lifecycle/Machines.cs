using Ias.Core.Safety;
using Ias.Core.StateMachines;
using Stateless.Reflection;

namespace Ias.Core.Cycles.Lifecycle;

/// <summary>The run and phase machines of Run Mode, configured in one place; the state lives in the owner's snapshot.</summary>
public static class Machines
{
    /// <summary>The guard on RESUME: a run leaves HALTED only once a tripped breaker has been reset with --reset-ice.</summary>
    public const string BreakerNotOpen = "circuit breaker is not OPEN";

    /// <summary>The guard on HOUR_BOUNDARY and ANSWERED: a pause returns only where it recorded it came from.</summary>
    public const string PhaseRecorded = "the interrupted phase is recorded";

    /// <summary>A run machine over state the caller stores; <paramref name="breaker"/> is read when RESUME is fired.</summary>
    public static StrictStateMachine<RunState, RunTrigger> Run(Func<RunState> read, Action<RunState> write, Func<BreakerState> breaker)
    {
        var machine = new StrictStateMachine<RunState, RunTrigger>("run", read, write);
        machine.Configure(RunState.Ready).Permit(RunTrigger.Start, RunState.JackIn);
        machine.Configure(RunState.JackIn).Permit(RunTrigger.PreflightPassed, RunState.Running);
        machine.Configure(RunState.Running)
            .Permit(RunTrigger.AllPassed, RunState.Complete)
            .Permit(RunTrigger.Validated, RunState.ReadyForHitl)
            .Permit(RunTrigger.Trip, RunState.Halted)
            .Permit(RunTrigger.Halt, RunState.Halted)
            .PermitReentry(RunTrigger.Recover);
        machine.Configure(RunState.Halted)
            .PermitIf(RunTrigger.Resume, RunState.Running, () => breaker() != BreakerState.Open, BreakerNotOpen)
            .Permit(RunTrigger.JackOut, RunState.JackedOut);
        machine.Configure(RunState.Complete)
            .Permit(RunTrigger.JackOut, RunState.JackedOut)
            .Permit(RunTrigger.Validate, RunState.Running);
        return machine;
    }

    /// <summary>A run machine at READY holding its own state, with a closed breaker: for `ias graph` and tests.</summary>
    public static StrictStateMachine<RunState, RunTrigger> Run() =>
        StrictStateMachine<RunState, RunTrigger>.Holding(RunState.Ready, (read, write) => Run(read, write, () => BreakerState.Closed));

    /// <summary>
    /// A phase machine over state the caller stores. THROTTLE (and ASK) writes the phase it interrupted to <paramref name="writeInterrupted"/>,
    /// and HOUR_BOUNDARY (and ANSWERED) returns there and clears it, so a run resumed from its row goes back to the right phase.
    /// </summary>
    public static StrictStateMachine<Phase, PhaseTrigger> Phases(
        Func<Phase> read, Action<Phase> write, Func<Phase?> readInterrupted, Action<Phase?> writeInterrupted)
    {
        var machine = new StrictStateMachine<Phase, PhaseTrigger>("phase", read, write);

        // Every phase an agent plays can be throttled by the rate limit and paused by a question, after its own moves.
        void Played(Phase phase, Func<StrictStateMachine<Phase, PhaseTrigger>.StateConfiguration, StrictStateMachine<Phase, PhaseTrigger>.StateConfiguration> own) =>
            own(machine.Configure(phase)).Permit(PhaseTrigger.Throttle, Phase.RateLimited).Permit(PhaseTrigger.Ask, Phase.AwaitingDecision);

        Played(Phase.Implement, c => c.Permit(PhaseTrigger.Implemented, Phase.Review));
        Played(Phase.Review, c => c.Permit(PhaseTrigger.ReviewPassed, Phase.Audit).Permit(PhaseTrigger.ReviewFindings, Phase.Implement));
        Played(Phase.Audit, c => c
            .Permit(PhaseTrigger.AuditFindings, Phase.Implement)
            .Permit(PhaseTrigger.AuditPassed, Phase.RedTeamCode)
            .Permit(PhaseTrigger.Validate, Phase.PostPrAudit));
        Played(Phase.RedTeamCode, c => c.Permit(PhaseTrigger.Divergence, Phase.Implement).Permit(PhaseTrigger.Validate, Phase.PostPrAudit));
        Played(Phase.PostPrAudit, c => c.Permit(PhaseTrigger.PostPrPassed, Phase.E2eTesting).Permit(PhaseTrigger.PostPrFindings, Phase.PostPrFix));
        Played(Phase.PostPrFix, c => c.Permit(PhaseTrigger.Fixed, Phase.PostPrAudit));
        Played(Phase.E2eTesting, c => c.Permit(PhaseTrigger.PostPrFindings, Phase.PostPrFix));

        // Every phase that can be throttled is a possible destination of the return, so the graph draws one labelled edge to each.
        var returns = new DynamicStateInfos();
        foreach (var phase in PhaseFacts.Played)
        {
            returns.Add(phase, $"interrupted {phase}");
        }

        // A question is a pause like the rate limit's: the step that asked runs again, in the same cycle, once answered.
        foreach (var (pause, enter, back, entered, destination) in new[]
        {
            (Phase.RateLimited, PhaseTrigger.Throttle, PhaseTrigger.HourBoundary, "record the interrupted phase", "the interrupted phase"),
            (Phase.AwaitingDecision, PhaseTrigger.Ask, PhaseTrigger.Answered, "record the phase that asked", "the phase that asked"),
        })
        {
            machine.Configure(pause)
                .OnEntryFrom(enter, t => writeInterrupted(t.Source), entered)
                .OnExit(() => writeInterrupted(null))
                .PermitDynamicIf(back, () => readInterrupted()!.Value, destination, () => readInterrupted() is not null, PhaseRecorded, returns);
        }

        return machine;
    }

    /// <summary>A phase machine at IMPLEMENT holding its own state: for `ias graph` and tests.</summary>
    public static StrictStateMachine<Phase, PhaseTrigger> Phases()
    {
        var phase = Phase.Implement;
        Phase? interrupted = null;
        return Phases(() => phase, p => phase = p, () => interrupted, p => interrupted = p);
    }
}
