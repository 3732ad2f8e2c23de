namespace Ias.Core.Safety;

/// <summary>Proceed with the call, wait for the hour boundary, or halt the run (004 "Rate Limiting": 5 consecutive waits).</summary>
public enum RateDecisionKind
{
    Proceed,
    Wait,
    Halt,
}
