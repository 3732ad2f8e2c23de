namespace Ias.Core.Cycles.Lifecycle;

/// <summary>The kinds of <see cref="StepOutcome"/>.</summary>
public enum StepOutcomeKind
{
    /// <summary>An implement or post-PR fix step committed its work.</summary>
    Done,

    /// <summary>An implement step whose turn ended badly, its work kept.</summary>
    Ended,

    /// <summary>The step halted the run.</summary>
    Failed,

    /// <summary>A verdict with nothing to fix.</summary>
    Pass,

    /// <summary>A verdict with findings.</summary>
    Findings,

    /// <summary>The agent asked a person; the step runs again with the answers.</summary>
    Asked,

    /// <summary>A halt cut the step short.</summary>
    Aborted,

    /// <summary>The hourly call budget was spent; the step runs again after the wait.</summary>
    RateLimited,

    /// <summary>The call gate refused the step's call.</summary>
    Refused,

    /// <summary>The agent's usage limit; the step runs again after the reset.</summary>
    UsageLimit,
}
