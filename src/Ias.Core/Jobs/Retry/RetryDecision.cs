namespace Ias.Core.Jobs.Retry;

/// <summary>A failed attempt's fate: retry, fail or park, not before <see cref="At"/>, and why.</summary>
public sealed record RetryDecision(RetryKind Kind, DateTimeOffset At, string Why);
