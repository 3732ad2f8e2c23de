namespace Ias.Core.Bugs;

/// <summary>
/// A bug run's states: TRIAGE → IMPLEMENTING → REVIEWING → AUDITING → COMPLETED, or HALTED; with post-PR validation on, the
/// draft PR's checks follow, POST_PR_AUDIT → E2E_TESTING (each with its fix loop) → READY_FOR_HITL, or HALTED.
/// </summary>
public enum BugState
{
    Triage,
    Implementing,
    Reviewing,
    Auditing,
    Completed,
    Halted,

    /// <summary>Post-PR validation: the auditor reads the bug's whole draft PR; what it finds is fixed, pushed and audited again.</summary>
    PostPrAudit,

    /// <summary>Post-PR validation: a fresh-eyes tester tries the fix; what it finds is fixed, pushed and audited again.</summary>
    E2eTesting,

    /// <summary>Post-PR validation passed: the draft waits for a person.</summary>
    ReadyForHitl,
}
