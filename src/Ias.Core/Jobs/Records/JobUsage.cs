namespace Ias.Core.Jobs.Records;

/// <summary>
/// What a job's agent turns used so far, over all its attempts: tokens in and out, and the cost where the CLI reports one
/// (null when none of its turns did). Written while a turn runs, as the CLI reports each API call, and whole when it ends.
/// </summary>
public sealed record JobUsage(long TokensIn, long TokensOut, decimal? CostUsd)
{
    public static JobUsage None { get; } = new(0, 0, null);

    public static JobUsage operator +(JobUsage a, JobUsage b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(a.TokensIn + b.TokensIn, a.TokensOut + b.TokensOut, a.CostUsd is null && b.CostUsd is null ? null : (a.CostUsd ?? 0) + (b.CostUsd ?? 0));
    }
}
