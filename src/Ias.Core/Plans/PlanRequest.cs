using Ias.Core.Cycles.Inputs;

namespace Ias.Core.Plans;

/// <summary>`ias run sprint-plan [--from N] [--to N] [--no-consolidate]` with the options every sprint's run gets.</summary>
public sealed record PlanRequest(int? From, int? To, bool Consolidate, RunOptions Run);
