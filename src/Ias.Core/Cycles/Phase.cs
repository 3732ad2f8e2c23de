namespace Ias.Core.Cycles;

/// <summary>Phases inside RUNNING, one per step of the loop; RATE_LIMITED pauses whichever phase was next.</summary>
public enum Phase
{
    Implement,
    Review,
    Audit,
    RateLimited,
}
