using Ias.Core.Cycles.Lifecycle;
using Ias.Core.StateMachines;

namespace Ias.Core.Plans;

/// <summary>
/// A sprint plan's lifecycle, configured in one place: the plan's state is a <see cref="RunState"/> (its file's spelling is a
/// run's), but it moves on its own triggers. A plan starts RUNNING; a trigger its state does not permit is refused with an
/// error naming both. With post-PR validation on, a consolidated plan goes back to RUNNING once its draft PR is open
/// (VALIDATE) and ends READY_FOR_HITL when its checks pass (VALIDATED), or HALTED; a plan of one PR per sprint whose every
/// PR passed its own checks ends READY_FOR_HITL from COMPLETE.
/// </summary>
public static class PlanStateMachine
{
    /// <summary>A plan machine over state the caller stores (the plan's record).</summary>
    public static StrictStateMachine<RunState, PlanTrigger> Create(Func<RunState> read, Action<RunState> write)
    {
        var machine = new StrictStateMachine<RunState, PlanTrigger>("plan", read, write);
        machine.Configure(RunState.Running)
            .Permit(PlanTrigger.Halt, RunState.Halted)
            .Permit(PlanTrigger.AllSprintsDone, RunState.Complete)
            .Permit(PlanTrigger.GitInferred, RunState.JackedOut)
            .Permit(PlanTrigger.Validated, RunState.ReadyForHitl)
            .PermitReentry(PlanTrigger.Resume);
        machine.Configure(RunState.Halted)
            .Permit(PlanTrigger.Resume, RunState.Running)
            .Permit(PlanTrigger.JackOut, RunState.JackedOut);
        machine.Configure(RunState.Complete)
            .Permit(PlanTrigger.Published, RunState.JackedOut)
            .Permit(PlanTrigger.Validate, RunState.Running)
            .Permit(PlanTrigger.Validated, RunState.ReadyForHitl);
        return machine;
    }

    /// <summary>A plan machine at RUNNING holding its own state: for `ias graph` and tests.</summary>
    public static StrictStateMachine<RunState, PlanTrigger> Create() => StrictStateMachine<RunState, PlanTrigger>.Holding(RunState.Running, Create);

    /// <summary>The state a plan in <paramref name="from"/> moves to on <paramref name="trigger"/>; an illegal move throws <see cref="InvalidTransitionException"/>.</summary>
    public static RunState Next(RunState from, PlanTrigger trigger) => StrictStateMachine<RunState, PlanTrigger>.Next(from, trigger, Create);
}
