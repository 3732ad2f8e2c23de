namespace Ias.Core.Cycles.Lifecycle;

/// <summary>What moves a run between <see cref="RunState"/>s.</summary>
public enum RunTrigger
{
    Start,
    PreflightPassed,
    AllPassed,
    Trip,
    Halt,
    Resume,
    Recover,
    JackOut,

    /// <summary>The draft PR is open and post-PR validation starts: COMPLETE → RUNNING.</summary>
    Validate,

    /// <summary>Post-PR validation passed.</summary>
    Validated,
}
