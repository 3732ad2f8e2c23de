using Ias.Core.Cycles.Inputs;

namespace Ias.Core.Bugs;

/// <summary>`.run/bugs/&lt;bug_id&gt;/state.json`, in the original Run Mode tools' format: the bug, its state, its breaker counters and its confidence signals.</summary>
public sealed record BugRecord(
    string BugId,
    string BugTitle,
    string SprintId,
    BugState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int CycleCount,
    int SameIssueCount,
    int NoProgressCount,
    string? LastFindingHash,
    BugConfidence Confidence,
    string Branch,
    RunOptions Options,
    IReadOnlyList<string> SuspectedFiles,
    IReadOnlyList<string> HighRiskFiles,
    bool AllowHigh,
    int? Issue = null,
    string? RunId = null,
    string? HaltReason = null,
    string? PrUrl = null)
{
    /// <summary>The original tools' mode for `/run --bug`: started by a script, or with --yes, and never asked.</summary>
    public const string Autonomous = "autonomous";

    /// <summary>Started at a terminal by a person who said yes to it.</summary>
    public const string Interactive = "interactive";

    /// <summary>How the bug run was started: <see cref="Autonomous"/> or <see cref="Interactive"/>.</summary>
    public string Mode { get; init; } = Autonomous;

    /// <summary>Where triage.md, the micro-sprint and the review notes go.</summary>
    public string ArtifactsDir => $"grimoires/loa/a2a/bug-{BugId}";
}
