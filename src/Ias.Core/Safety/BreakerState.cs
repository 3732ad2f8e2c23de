namespace Ias.Core.Safety;

/// <summary>Circuit-breaker states of 004: CLOSED (normal), OPEN (halted), HALF_OPEN (recovery after --reset-ice).</summary>
public enum BreakerState
{
    Closed,
    Open,
    HalfOpen,
}
