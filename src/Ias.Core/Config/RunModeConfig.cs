namespace Ias.Core.Config;

/// <summary>The run_mode section of .loa.config.yaml (004 "Configuration Reference", 002 "Configuration").</summary>
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
    /// <summary>The values a missing key takes; Run Mode itself is off until enabled (004 "Level 3: Opt-In Activation").</summary>
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
