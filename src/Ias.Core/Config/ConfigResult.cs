namespace Ias.Core.Config;

/// <summary>A configuration read successfully, with warnings about keys that were ignored.</summary>
public sealed record ConfigResult(LoaConfig Config, IReadOnlyList<string> Warnings);
