namespace Ias.Core.Config;

/// <summary>The run_mode section of .loa.config.yaml, with the original Run Mode tools' keys and defaults.</summary>
public sealed record RunModeConfig(
    bool Enabled,
    int MaxCycles,
    double TimeoutHours,
    int CallsPerHour,
    int SameIssueThreshold,
    int NoProgressThreshold,
    string BranchPrefix,
    bool CreateDraftPr,
    AutoPush AutoPush,
    string BaseBranch,
    string SprintCommitPattern)
{
    /// <summary>The values a missing key takes; Run Mode itself is off until enabled: activation is opt-in, a safety level of its own.</summary>
    public static RunModeConfig Defaults { get; } = new(
        Enabled: false,
        MaxCycles: 20,
        TimeoutHours: 8,
        CallsPerHour: 100,
        SameIssueThreshold: 3,
        NoProgressThreshold: 5,
        BranchPrefix: "feature/",
        CreateDraftPr: true,
        AutoPush: AutoPush.True,
        BaseBranch: "main",
        SprintCommitPattern: @"^feat\(sprint-");
}
