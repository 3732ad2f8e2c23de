namespace Ias.Core.Jobs.Records;

/// <summary>What moves a job between <see cref="JobState"/>s.</summary>
public enum JobTrigger
{
    /// <summary>A runner takes a due pending job with a fresh lease.</summary>
    Claim,

    /// <summary>The runner still works on the job: its lease is renewed, its state stays.</summary>
    Heartbeat,

    /// <summary>The job's turn ended with its evidence.</summary>
    Complete,

    /// <summary>A failed attempt with attempts left: pending again after a backoff.</summary>
    Retry,

    /// <summary>The account's usage limit: pending again after the reset, the attempt given back.</summary>
    Park,

    /// <summary>A failed attempt with none left, or a failure no retry mends.</summary>
    Fail,

    /// <summary>The job's agent asked a person (`ias ask`).</summary>
    Ask,

    /// <summary>The person answered: the job's own runner takes it again.</summary>
    Resume,

    /// <summary>The question waited past ias.decisions.timeout_minutes.</summary>
    Unanswered,

    /// <summary>The lease ran out without a heartbeat: the next claim gives the job back.</summary>
    LeaseExpired,

    /// <summary>`ias recover`, or a runner taking over a dead one's lock, gives the job back.</summary>
    Recover,

    /// <summary>`ias retry-failed`.</summary>
    RetryFailed,
}
