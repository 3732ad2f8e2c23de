namespace Ias.Core.Setup;

/// <summary>The spend caps `ias init-repo` writes into a new configuration (ias.budget), in US dollars; null for none.</summary>
public sealed record SpendBudget(decimal? RunUsd, decimal? DailyUsd);
