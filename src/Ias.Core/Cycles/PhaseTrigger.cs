namespace Ias.Core.Cycles;

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
    Throttle,
    HourBoundary,
}
