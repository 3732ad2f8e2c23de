namespace Ias.Core.Safety;

/// <summary>Everything `.run/rate-limit.json` holds in the original Run Mode tools' format; <see cref="WaitingUntil"/> is set while the run waits for the hour boundary.</summary>
public sealed record RateLimitSnapshot(
    DateTimeOffset CurrentHour,
    int CallsThisHour,
    int Limit,
    int ConsecutiveWaits,
    DateTimeOffset? WaitingUntil);
