namespace Ias.Core.Bugs;

/// <summary>What moves a bug run between <see cref="BugState"/>s: the allowed state transitions, one trigger each.</summary>
public enum BugTrigger
{
    TriageComplete,
    Implemented,
    ReviewFindings,
    ReviewPassed,
    AuditFindings,
    AuditPassed,
    Halt,

    /// <summary>The bug's draft PR is open and post-PR validation checks it.</summary>
    Validate,

    /// <summary>The PR audit passed: on to E2E testing.</summary>
    PostPrPassed,

    /// <summary>What the tester found is fixed and pushed: the PR is audited again.</summary>
    E2eFixed,

    /// <summary>Every post-PR check passed.</summary>
    Validated,
}
