using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Retry;

namespace Ias.Core.Jobs.Queue;

/// <summary>
/// What a job is after each move between states: claimed with a fresh lease, renewed, done, retried, parked, failed, blocked
/// on a person, released back to pending. Pure: <see cref="JobQueue"/> saves them, under the generation a move requires.
/// Each state comes from <see cref="JobStateMachine"/>, so a move the job's state does not permit throws before anything is saved.
/// </summary>
internal static class JobTransitions
{
    /// <summary>
    /// A claim (of a due pending job, or with <see cref="JobTrigger.Resume"/> of a blocked one): the job running for its owner
    /// with a fresh lease, the next generation and one more attempt.
    /// </summary>
    public static Job Claimed(Job job, JobTrigger trigger, string owner, DateTimeOffset now, TimeSpan lease) => job with
    {
        State = JobStateMachine.Next(job.State, trigger),
        Attempts = job.Attempts + 1,
        Generation = job.Generation + 1,
        LeaseOwner = owner,
        LeaseExpires = now + lease,
        Heartbeat = now,
        Started = now,
        Ended = null,
    };

    public static Job Renewed(Job job, DateTimeOffset now, TimeSpan lease, JobUsage? usage) =>
        job with { State = JobStateMachine.Next(job.State, JobTrigger.Heartbeat), LeaseExpires = now + lease, Heartbeat = now, Usage = usage ?? job.Usage };

    public static Job Done(Job job, JobEvidence evidence, string summary, DateTimeOffset now) => job with
    {
        State = JobStateMachine.Next(job.State, JobTrigger.Complete),
        Ended = now,
        Evidence = evidence,
        Reason = summary,
        Failure = null,
        LeaseOwner = null,
        LeaseExpires = null,
        History = Attempt(job, now, "done", null),
    };

    /// <summary>A failed attempt as <paramref name="decision"/> says: back to pending after a backoff or a park, or failed with its evidence.</summary>
    public static Job Failed(Job job, RetryDecision decision, string failure, string reason, JobEvidence? evidence, DateTimeOffset now)
    {
        var released = job with { LeaseOwner = null, LeaseExpires = null, Failure = failure, Reason = reason };
        return decision.Kind switch
        {
            RetryKind.Retry => released with
            {
                State = JobStateMachine.Next(job.State, JobTrigger.Retry),
                NotBefore = decision.At,
                History = Attempt(job, now, "retry", reason),
            },
            RetryKind.Park => released with
            {
                State = JobStateMachine.Next(job.State, JobTrigger.Park),
                NotBefore = decision.At,
                // The account's limit is not the job's fault: the attempt is given back.
                Attempts = job.Attempts - 1,
                History = Attempt(job, now, "parked", reason),
            },
            _ => released with
            {
                State = JobStateMachine.Next(job.State, JobTrigger.Fail),
                Ended = now,
                Evidence = evidence,
                History = Attempt(job, now, "failed", reason),
            },
        };
    }

    /// <summary>A running job whose agent asked a person: its lease let go, its attempt recorded as asked (not counted).</summary>
    public static Job Blocked(Job job, string reason, DateTimeOffset now) => job with
    {
        State = JobStateMachine.Next(job.State, JobTrigger.Ask),
        LeaseOwner = null,
        LeaseExpires = null,
        Reason = reason,
        Failure = null,
        History = Attempt(job, now, JobAttempt.Asked, reason),
    };

    public static Job Unanswered(Job job, string reason, DateTimeOffset now) =>
        job with { State = JobStateMachine.Next(job.State, JobTrigger.Unanswered), Ended = now, Reason = reason, Failure = JobQueue.UnansweredFailure };

    /// <summary>
    /// A running job given back (<see cref="JobTrigger.LeaseExpired"/>, or <see cref="JobTrigger.Recover"/> by `ias recover`):
    /// pending again, or failed with no attempt left.
    /// </summary>
    public static Job Released(Job job, JobTrigger trigger, DateTimeOffset now, string why, int maxAttempts)
    {
        var spent = job.Counted >= maxAttempts;
        var outcome = trigger == JobTrigger.LeaseExpired ? "lease_expired" : "recovered";
        return job with
        {
            State = JobStateMachine.Next(job.State, trigger, attemptLeft: !spent),
            NotBefore = now,
            Ended = spent ? now : null,
            LeaseOwner = null,
            LeaseExpires = null,
            Reason = spent ? $"{why}; no attempt left (ias.queue.retry.max_attempts is {maxAttempts})" : why,
            Failure = spent ? outcome : job.Failure,
            History = Attempt(job, now, outcome, why),
        };
    }

    /// <summary>
    /// A running job its runner gave back because its terminal closed (SIGHUP), or whose lease ran out in an outage
    /// (<see cref="JobAttempt.LostInOutage"/>): pending again, due now, the attempt kept in its history as
    /// <paramref name="outcome"/> and not counted, since the job did nothing wrong.
    /// </summary>
    public static Job HandedBack(Job job, DateTimeOffset now, string why, string outcome = JobAttempt.HandedBack) => job with
    {
        State = JobStateMachine.Next(job.State, JobTrigger.Recover, attemptLeft: true),
        NotBefore = now,
        LeaseOwner = null,
        LeaseExpires = null,
        Reason = why,
        History = Attempt(job, now, outcome, why),
    };

    /// <summary>`ias retry-failed`: a failed job pending again, due now.</summary>
    public static Job Retried(Job failed, DateTimeOffset now, bool resetAttempts, int maxAttempts) => failed with
    {
        State = JobStateMachine.Next(failed.State, JobTrigger.RetryFailed),
        NotBefore = now,
        Ended = null,
        // Without a reset a job that used every attempt still gets one more: the user asked for it. Attempts that asked a
        // person were never counted, so they stay.
        Attempts = failed.Attempts - failed.Counted + (resetAttempts ? 0 : Math.Min(failed.Counted, maxAttempts - 1)),
    };

    // The history with the attempt that ends now.
    private static IReadOnlyList<JobAttempt> Attempt(Job job, DateTimeOffset now, string outcome, string? reason) =>
        job.With(new JobAttempt(job.Attempts, job.Started ?? now, now, outcome, reason) { By = job.LeaseOwner });
}
