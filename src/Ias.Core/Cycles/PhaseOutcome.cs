namespace Ias.Core.Cycles;

/// <summary>How a phase's row in ias.db ended; the phases table spells it as <see cref="PhaseOutcomes.Wire"/> says.</summary>
public enum PhaseOutcome
{
    /// <summary>The implementer's turn succeeded.</summary>
    Done,

    /// <summary>A verdict found nothing.</summary>
    Pass,

    /// <summary>A verdict found something to fix.</summary>
    Findings,

    /// <summary>The implementer's turn ended unsuccessfully, its failure class after the colon ("ended:Timeout").</summary>
    Ended,

    /// <summary>The agent failed and the run halted on it.</summary>
    Failed,

    /// <summary>The agent stopped to ask a person a question (`ias ask`); the phase runs again once it is answered.</summary>
    Asked,

    /// <summary>The rate limit made the turn wait.</summary>
    RateLimited,

    /// <summary>The gate refused the turn.</summary>
    Refused,

    /// <summary>The agent's usage limit stopped it until the limit resets.</summary>
    UsageLimit,

    /// <summary>A halt stopped the turn.</summary>
    Aborted,
}
