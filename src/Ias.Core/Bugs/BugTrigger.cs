namespace Ias.Core.Bugs;

/// <summary>What moves a bug run between <see cref="BugState"/>s: 002's "Allowed State Transitions", one trigger each.</summary>
public enum BugTrigger
{
    TriageComplete,
    Implemented,
    ReviewFindings,
    ReviewPassed,
    AuditFindings,
    AuditPassed,
    Halt,
}
