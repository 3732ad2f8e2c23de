namespace Ias.Core.Cycles;

/// <summary>What moves the loop between <see cref="Phase"/>s.</summary>
public enum PhaseTrigger
{
    Implemented,
    ReviewPassed,
    ReviewFindings,
    AuditFindings,
    Throttle,
    HourBoundary,
}
