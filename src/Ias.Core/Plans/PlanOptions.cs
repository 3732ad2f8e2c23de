namespace Ias.Core.Plans;

/// <summary>002's plan options (from, to, max_cycles), plus what each sprint's run is started with.</summary>
public sealed record PlanOptions(
    int From,
    int To,
    int MaxCycles,
    double TimeoutHours,
    bool Consolidate = true,
    bool Local = false,
    bool ConfirmPush = false,
    string? Agent = null);
