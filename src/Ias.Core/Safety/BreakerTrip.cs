namespace Ias.Core.Safety;

/// <summary>One entry of the breaker's history: when it tripped (null when a file from the original tools did not say), which trigger ("same_issue", "no_progress", "cycle_limit", "timeout", "rate_limit"), the findings hash for same_issue, and a one-line reason.</summary>
public sealed record BreakerTrip(DateTimeOffset? Timestamp, string Trigger, string? Hash, string Reason);
