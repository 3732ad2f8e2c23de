namespace Ias.Core.Safety;

/// <summary>What moves the circuit breaker.</summary>
public enum BreakerTrigger
{
    Trip,
    Reset,
    CycleSucceeded,
}
