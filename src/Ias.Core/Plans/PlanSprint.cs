namespace Ias.Core.Plans;

/// <summary>One sprint of a plan: the original tools' id, status and cycles, plus the run that worked on it, its branch and what it changed.</summary>
public sealed record PlanSprint(
    string Id,
    PlanSprintStatus Status,
    int? Cycles = null,
    string? RunId = null,
    string? Branch = null,
    int Commits = 0,
    int FilesChanged = 0,
    bool Skipped = false);
