namespace Ias.Core.Safety;

/// <summary>Everything `.run/rate-limit.json` holds in the original Run Mode tools' format; <see cref="WaitingUntil"/> is set while the run waits for the hour boundary.</summary>
public sealed record RateLimitSnapshot(
    DateTimeOffset CurrentHour,
    int CallsThisHour,
    int Limit,
    int ConsecutiveWaits,
    DateTimeOffset? WaitingUntil)
{
    /// <summary><paramref name="mine"/> over what ias.db holds: the newer hour, and in the same hour the larger count.</summary>
    /// <remarks>So no engine's save takes back a call another engine counted meanwhile.</remarks>
    public static RateLimitSnapshot Merge(RateLimitSnapshot? stored, RateLimitSnapshot mine)
    {
        ArgumentNullException.ThrowIfNull(mine);
        if (stored is null || stored.CurrentHour < mine.CurrentHour)
        {
            return mine;
        }

        return mine with
        {
            CurrentHour = stored.CurrentHour,
            CallsThisHour = stored.CurrentHour == mine.CurrentHour ? Math.Max(stored.CallsThisHour, mine.CallsThisHour) : stored.CallsThisHour,
        };
    }
}
