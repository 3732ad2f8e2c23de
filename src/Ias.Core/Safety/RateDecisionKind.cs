namespace Ias.Core.Safety;

/// <summary>Proceed with the call, wait for the hour boundary, or halt the run (after 5 consecutive waits).</summary>
public enum RateDecisionKind
{
    Proceed,
    Wait,
    Halt,
}
