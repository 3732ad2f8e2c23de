namespace Ias.Core.Plans;

/// <summary>A sprint's status in sprint-plan-state.json: pending, in_progress or completed.</summary>
public enum PlanSprintStatus
{
    Pending,
    InProgress,
    Completed,
}
