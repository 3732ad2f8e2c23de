namespace Ias.Core.Cycles.Inputs;

/// <summary>The options a run was started with; kept in state.json so a resume uses the same ones.</summary>
public sealed record RunOptions(
    int MaxCycles,
    double TimeoutHours,
    bool DryRun = false,
    bool Local = false,
    bool ConfirmPush = false,
    string? Agent = null,
    bool Unsandboxed = false,
    bool AllowHigh = false);
