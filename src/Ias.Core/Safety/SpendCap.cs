namespace Ias.Core.Safety;

/// <summary>A cap on spend in US dollars, and the configuration key that sets it (named in the line that halts a run).</summary>
public sealed record SpendCap(decimal Usd, string Key);
