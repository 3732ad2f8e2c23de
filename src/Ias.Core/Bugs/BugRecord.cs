using Ias.Core.Cycles;

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
    /// <summary>The original tools' only mode for `/run --bug`; an interactive bug flow is not part of ias.</summary>
    public const string Mode = "autonomous";

    /// <summary>Where triage.md, the micro-sprint and the review notes go.</summary>
    public string ArtifactsDir => $"grimoires/loa/a2a/bug-{BugId}";
}
