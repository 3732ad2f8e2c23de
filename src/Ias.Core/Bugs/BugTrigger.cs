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
}
