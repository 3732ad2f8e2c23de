namespace Ias.Core.Safety;

/// <summary>One entry of the breaker's history: when it tripped (null when a file from the original tools did not say), which <see cref="TripCause"/>, the findings hash for same_issue, and a one-line reason.</summary>
public sealed record BreakerTrip(DateTimeOffset? Timestamp, TripCause Trigger, string? Hash, string Reason);
