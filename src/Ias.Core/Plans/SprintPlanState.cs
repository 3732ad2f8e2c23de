using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;

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

    /// <summary>How a plan's branch is named after the branch prefix: `sprint-plan-` and when it started, then `-sprint-N` per sprint when not consolidated.</summary>
    public const string BranchStem = Target + "-";

    /// <summary>Whether <paramref name="branch"/> is a plan's branch, as the plan's runs record it (a plan takes no --branch).</summary>
    public static bool IsPlanBranch(string branch)
    {
        ArgumentNullException.ThrowIfNull(branch);
        var at = branch.IndexOf(BranchStem, StringComparison.Ordinal);
        return at >= 0 && at + BranchStem.Length < branch.Length && char.IsAsciiDigit(branch[at + BranchStem.Length]);
    }

    public int Completed => Sprints.Count(s => s.Status == PlanSprintStatus.Completed);

    public int TotalCycles => Sprints.Sum(s => s.Skipped ? 0 : s.Cycles ?? 0);

    public int TotalFilesChanged => Sprints.Sum(s => s.Skipped ? 0 : s.FilesChanged);

    /// <summary>
    /// Whether a resume should pick this plan up: it stopped (halt, trip, killed engine) before its last sprint finished or
    /// in the post-PR validation of its PR, or it finished but is not yet published.
    /// </summary>
    public bool Resumable => State is RunState.Running or RunState.Halted or RunState.Complete;

    /// <summary>
    /// Whether <paramref name="run"/>, the repository's current run, is this consolidated plan's last sprint's run waiting
    /// for the plan's draft PR (COMPLETE) or validating it (RUNNING or HALTED in post-PR validation).
    /// </summary>
    public bool ValidatedBy(RunSnapshot? run) =>
        Options.Consolidate && Completed == Sprints.Count && run is not null && Sprints.Any(s => !s.Skipped && s.RunId == run.RunId)
        && (run.State == RunState.Complete || (run.State is RunState.Running or RunState.Halted && run.InPostPr));

    public SprintPlanState With(PlanSprint sprint) =>
        this with { Sprints = [.. Sprints.Select(s => s.Id == sprint.Id ? sprint : s)] };

    public PlanSprint? Sprint(string id) => Sprints.FirstOrDefault(s => s.Id == id);

    /// <summary>Whether <paramref name="run"/> is a sprint of this plan, consolidated and left COMPLETE: finished, its draft PR not published.</summary>
    public bool LeftUnpublished(RunSnapshot run) =>
        State == RunState.Complete && Options.Consolidate && Sprints.Any(s => s.RunId == run?.RunId);
}
