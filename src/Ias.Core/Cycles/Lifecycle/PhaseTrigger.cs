namespace Ias.Core.Cycles.Lifecycle;

/// <summary>What moves the loop between <see cref="Phase"/>s.</summary>
public enum PhaseTrigger
{
    Implemented,
    ReviewPassed,
    ReviewFindings,
    AuditFindings,

    /// <summary>Audit passed and the red-team gate applies.</summary>
    AuditPassed,

    /// <summary>The red-team gate confirmed a divergence from the design: back to implement.</summary>
    Divergence,

    /// <summary>The draft PR is open: post-PR validation starts with its audit.</summary>
    Validate,

    /// <summary>The PR audit passed: on to E2E testing.</summary>
    PostPrPassed,

    /// <summary>The PR audit or the tester found something to fix.</summary>
    PostPrFindings,

    /// <summary>The fix is committed and pushed: the PR is audited again.</summary>
    Fixed,
    Throttle,
    HourBoundary,

    /// <summary>The step's agent asked a person a question and ended its turn.</summary>
    Ask,

    /// <summary>Every open question of the run has its answer: the step that asked runs again.</summary>
    Answered,
}
