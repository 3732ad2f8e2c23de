namespace Ias.Core.Cycles;

/// <summary>Phases inside RUNNING (002 "Execution Loop"); RATE_LIMITED pauses whichever phase was next.</summary>
public enum Phase
{
    Implement,
    Review,
    Audit,
    RateLimited,
}
