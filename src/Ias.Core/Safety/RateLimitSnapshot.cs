namespace Ias.Core.Safety;

/// <summary>Everything `.run/rate-limit.json` (004) holds; <see cref="WaitingUntil"/> is set while the run waits for the hour boundary.</summary>
public sealed record RateLimitSnapshot(
    DateTimeOffset CurrentHour,
    int CallsThisHour,
    int Limit,
    int ConsecutiveWaits,
    DateTimeOffset? WaitingUntil);
