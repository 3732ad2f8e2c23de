using Ias.Core.Cycles.Inputs;

namespace Ias.Core.Plans;

/// <summary>
/// The original tools' plan options (from, to, and in <paramref name="Run"/> max_cycles), with the options each sprint's
/// run is started with; a plan keeps no dry run and no box of its own (each sprint's engine decides its box).
/// </summary>
public sealed record PlanOptions(int From, int To, RunOptions Run, bool Consolidate = true);
