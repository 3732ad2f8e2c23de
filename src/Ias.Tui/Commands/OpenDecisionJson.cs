namespace Ias.Tui.Commands;

/// <summary>One open question as `ias decisions --json` lists it, its fields in their order; a null is written as null.</summary>
internal sealed record OpenDecisionJson(
    string Id,
    string Question,
    string Asked,
    string Run,
    string? Job,
    string Phase,
    int Cycle,
    string Role,
    string? Host);
