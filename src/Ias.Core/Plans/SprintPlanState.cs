using Ias.Core.Cycles;

namespace Ias.Core.Plans;

/// <summary>`.run/sprint-plan-state.json`, in the original Run Mode tools' format: a plan's sprints, where it is, and its options.</summary>
public sealed record SprintPlanState(
    string PlanId,
    RunState State,
    IReadOnlyList<PlanSprint> Sprints,
    string? Current,
    PlanOptions Options,
    string Branch,
    DateTimeOffset Started,
    DateTimeOffset Updated,
    string? HaltReason = null,
    string? PrUrl = null)
{
    public const string Target = "sprint-plan";

    public int Completed => Sprints.Count(s => s.Status == PlanSprintStatus.Completed);

    public int TotalCycles => Sprints.Sum(s => s.Skipped ? 0 : s.Cycles ?? 0);

    public int TotalFilesChanged => Sprints.Sum(s => s.Skipped ? 0 : s.FilesChanged);

    /// <summary>Whether a resume should pick this plan up: it stopped (halt, trip, killed engine) before its last sprint finished.</summary>
    public bool Resumable => State is RunState.Running or RunState.Halted;

    public SprintPlanState With(PlanSprint sprint) =>
        this with { Sprints = [.. Sprints.Select(s => s.Id == sprint.Id ? sprint : s)] };

    public PlanSprint? Sprint(string id) => Sprints.FirstOrDefault(s => s.Id == id);
}
