namespace Ias.Core.Plans;

/// <summary>The original tools' plan options (from, to, max_cycles), plus what each sprint's run is started with.</summary>
public sealed record PlanOptions(
    int From,
    int To,
    int MaxCycles,
    double TimeoutHours,
    bool Consolidate = true,
    bool Local = false,
    bool ConfirmPush = false,
    string? Agent = null,
    bool AllowHigh = false);
