namespace Ias.Core.Jobs.Records;

/// <summary>One attempt at a job and how it ended (done, retry, failed, parked, asked, handed_back, lease_expired, lease_lost_in_outage, recovered, lost).</summary>
public sealed record JobAttempt(int Attempt, DateTimeOffset Started, DateTimeOffset Ended, string Outcome, string? Reason)
{
    /// <summary>The runner that made the attempt ("pid 4242 on HOST in /checkout"); null for an attempt recorded before runners were named.</summary>
    public string? By { get; init; }

    /// <summary>The outcome of an attempt whose agent asked a person: not a failure, and not counted toward the retries.</summary>
    public const string Asked = "asked";

    /// <summary>
    /// The outcome of an attempt its runner gave back when its terminal closed: the agent was stopped by ias, not by a fault
    /// of the job, so the attempt is not counted toward the retries.
    /// </summary>
    public const string HandedBack = "handed_back";

    /// <summary>
    /// The outcome of an attempt whose lease ran out while the database could not be reached: its runner could not renew it,
    /// which is no fault of the job, so the attempt is not counted toward the retries.
    /// </summary>
    public const string LostInOutage = "lease_lost_in_outage";
}
