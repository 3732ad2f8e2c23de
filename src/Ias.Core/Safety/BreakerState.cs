namespace Ias.Core.Safety;

/// <summary>Circuit-breaker states, named as the original Run Mode tools name them: CLOSED (normal), OPEN (halted), HALF_OPEN (recovery after --reset-ice).</summary>
public enum BreakerState
{
    Closed,
    Open,
    HalfOpen,
}
