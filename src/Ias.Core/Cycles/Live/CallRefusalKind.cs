namespace Ias.Core.Cycles.Live;

/// <summary>Why the gate before an agent call did not let it start.</summary>
public enum CallRefusalKind
{
    /// <summary>The hour's calls are used up: wait until the hour boundary (phase RATE_LIMITED).</summary>
    Wait,

    /// <summary>The wait for the hourly limit came once too often in a row: the circuit breaker trips.</summary>
    RateHalt,

    /// <summary>The next call could pass a spend cap: the run halts until a person raises the cap or a new UTC day begins.</summary>
    OverBudget,
}
