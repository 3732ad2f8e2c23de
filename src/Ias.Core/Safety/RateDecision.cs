namespace Ias.Core.Safety;

/// <summary>What <see cref="RateLimiter.BeforeCall"/> allows; <see cref="WaitUntil"/> is the next hour boundary when <see cref="Kind"/> is Wait.</summary>
public sealed record RateDecision(RateDecisionKind Kind, DateTimeOffset? WaitUntil);
