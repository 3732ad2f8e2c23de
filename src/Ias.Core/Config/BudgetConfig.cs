namespace Ias.Core.Config;

/// <summary>
/// The spend caps: hounfour's metering budget per UTC day (hounfour.metering, in micro-USD, enforced only while its metering
/// is enabled) and ias's own caps per run and per UTC day (ias.budget, in dollars). Null means no cap.
/// </summary>
public sealed record BudgetConfig(bool MeteringEnabled, long? DailyMicroUsd, decimal? RunUsd, decimal? DailyUsd)
{
    public static BudgetConfig Defaults { get; } = new(false, null, null, null);
}
