namespace Ias.Core.Bugs;

/// <summary>A bug run's states: TRIAGE → IMPLEMENTING → REVIEWING → AUDITING → COMPLETED, or HALTED.</summary>
public enum BugState
{
    Triage,
    Implementing,
    Reviewing,
    Auditing,
    Completed,
    Halted,
}
