namespace Ias.Core.Bugs;

/// <summary>A bug run's states (002 "Bug State File"): TRIAGE → IMPLEMENTING → REVIEWING → AUDITING → COMPLETED, or HALTED.</summary>
public enum BugState
{
    Triage,
    Implementing,
    Reviewing,
    Auditing,
    Completed,
    Halted,
}
