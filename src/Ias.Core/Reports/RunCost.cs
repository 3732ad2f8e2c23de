namespace Ias.Core.Reports;

/// <summary>What a run that worked in the report's window cost in all, against ias.budget.run_usd.</summary>
/// <param name="Run">The run's id, or the queue run's name.</param>
/// <param name="Usd">Its spend so far, all of it (not only the window's).</param>
/// <param name="Cap">The run's cap; null when none is set.</param>
public sealed record RunCost(string Run, decimal Usd, decimal? Cap);
