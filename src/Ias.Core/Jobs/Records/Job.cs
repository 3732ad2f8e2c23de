namespace Ias.Core.Jobs.Records;

/// <summary>
/// One queued agent turn of automated mode: role, prompt and agent, its attempts and not-before time, the lease of
/// whoever runs it (taken over when it expires) and, when done, its evidence.
/// </summary>
/// <remarks><see cref="Generation"/> grows by one at every claim; only the holder of the current generation may finish the job.</remarks>
public sealed record Job(
    string Run,
    string Id,
    int Seq,
    string Role,
    string Prompt,
    string? Agent,
    bool Writes,
    JobState State,
    int Attempts,
    DateTimeOffset NotBefore,
    DateTimeOffset Created,
    DateTimeOffset? Started,
    DateTimeOffset? Ended,
    long Generation,
    string? LeaseOwner,
    DateTimeOffset? LeaseExpires,
    DateTimeOffset? Heartbeat,
    string? Reason,
    string? Failure,
    JobEvidence? Evidence,
    IReadOnlyList<JobAttempt> History)
{
    /// <summary>On a shared queue, the branch a writing job's own branch starts from; null on a checkout's own queue.</summary>
    public string? Base { get; init; }

    /// <summary>The pull request a review job (`ias enqueue --pr`) reviews, by number or URL; null for every other job.</summary>
    public string? Pr { get; init; }

    /// <summary>Tokens and cost of the job's turns so far, the running one's as far as its CLI has reported it.</summary>
    public JobUsage Usage { get; init; } = JobUsage.None;

    /// <summary>
    /// The attempts that count toward ias.queue.retry.max_attempts: an attempt whose agent asked a person keeps its number
    /// (and its folder, where its log shows what led to the question) but is no failure; so does one its runner handed back
    /// when its terminal closed.
    /// </summary>
    public int Counted => Attempts - History.Count(h => h.Outcome is JobAttempt.Asked or JobAttempt.HandedBack or JobAttempt.LostInOutage);

    /// <summary>The job's id for a sequence number and role: 0001-implementer.</summary>
    public static string IdFor(int seq, string role) => $"{seq:D4}-{role}";

    /// <summary>The history with one more attempt record.</summary>
    public IReadOnlyList<JobAttempt> With(JobAttempt attempt) => [.. History, attempt];
}
