using Ias.Core.StateMachines;

namespace Ias.Core.Safety;

/// <summary>The circuit breaker's states: CLOSED trips to OPEN, --reset-ice half-opens it, one good cycle closes it.</summary>
public static class BreakerStateMachine
{
    /// <summary>A breaker machine over state the caller stores (the breaker's snapshot).</summary>
    public static StrictStateMachine<BreakerState, BreakerTrigger> Create(Func<BreakerState> read, Action<BreakerState> write)
    {
        var machine = new StrictStateMachine<BreakerState, BreakerTrigger>("circuit breaker", read, write);
        machine.Configure(BreakerState.Closed).Permit(BreakerTrigger.Trip, BreakerState.Open);
        machine.Configure(BreakerState.Open).Permit(BreakerTrigger.Reset, BreakerState.HalfOpen);
        machine.Configure(BreakerState.HalfOpen)
            .Permit(BreakerTrigger.CycleSucceeded, BreakerState.Closed)
            .Permit(BreakerTrigger.Trip, BreakerState.Open);
        return machine;
    }

    /// <summary>A breaker machine at CLOSED holding its own state: for `ias graph` and tests.</summary>
    public static StrictStateMachine<BreakerState, BreakerTrigger> Create() => StrictStateMachine<BreakerState, BreakerTrigger>.Holding(BreakerState.Closed, Create);
}
