namespace Ias.Core.Jobs;

/// <summary>One attempt at a job and how it ended (done, retry, failed, parked, lease_expired, recovered, lost).</summary>
public sealed record JobAttempt(int Attempt, DateTimeOffset Started, DateTimeOffset Ended, string Outcome, string? Reason);
