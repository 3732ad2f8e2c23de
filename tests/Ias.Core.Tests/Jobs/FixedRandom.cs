namespace Ias.Core.Tests.Jobs;

/// <summary>A Random whose every double is the same, so a backoff's jitter is known in advance.</summary>
public sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;
}
