using Ias.Core.Jobs.Queue;
using Ias.Core.StateMachines;

namespace Ias.Core.Jobs.Records;

/// <summary>
/// A job's lifecycle, configured in one place: every move <see cref="JobTransitions"/> makes fires one of these triggers, and a
/// trigger the job's state does not permit is refused with an error naming both. A job is created pending by the store.
/// </summary>
public static class JobStateMachine
{
    /// <summary>The guard that sends a job given back (lease expired, recovered) to pending rather than to failed.</summary>
    public const string AttemptLeft = "an attempt is left";

    /// <summary>The guard that fails a job given back once it has used ias.queue.retry.max_attempts.</summary>
    public const string NoAttemptLeft = "no attempt is left";

    /// <summary>A job machine over state the caller stores; <paramref name="attemptLeft"/> is read when a job is given back.</summary>
    public static StrictStateMachine<JobState, JobTrigger> Create(Func<JobState> read, Action<JobState> write, Func<bool> attemptLeft)
    {
        ArgumentNullException.ThrowIfNull(attemptLeft);
        var machine = new StrictStateMachine<JobState, JobTrigger>("job", read, write);
        machine.Configure(JobState.Pending)
            .Permit(JobTrigger.Claim, JobState.Running);
        machine.Configure(JobState.Running)
            .PermitReentry(JobTrigger.Heartbeat)
            .Permit(JobTrigger.Complete, JobState.Done)
            .Permit(JobTrigger.Retry, JobState.Pending)
            .Permit(JobTrigger.Park, JobState.Pending)
            .Permit(JobTrigger.Fail, JobState.Failed)
            .Permit(JobTrigger.Ask, JobState.Blocked)
            .PermitIf(JobTrigger.LeaseExpired, JobState.Pending, attemptLeft, AttemptLeft)
            .PermitIf(JobTrigger.LeaseExpired, JobState.Failed, () => !attemptLeft(), NoAttemptLeft)
            .PermitIf(JobTrigger.Recover, JobState.Pending, attemptLeft, AttemptLeft)
            .PermitIf(JobTrigger.Recover, JobState.Failed, () => !attemptLeft(), NoAttemptLeft);
        machine.Configure(JobState.Blocked)
            .Permit(JobTrigger.Resume, JobState.Running)
            .Permit(JobTrigger.Unanswered, JobState.Failed);
        machine.Configure(JobState.Failed)
            .Permit(JobTrigger.RetryFailed, JobState.Pending);
        return machine;
    }

    /// <summary>A job machine at pending holding its own state, with attempts left: for `ias graph` and tests.</summary>
    public static StrictStateMachine<JobState, JobTrigger> Create() =>
        StrictStateMachine<JobState, JobTrigger>.Holding(JobState.Pending, (read, write) => Create(read, write, () => true));

    /// <summary>The state a job in <paramref name="from"/> moves to on <paramref name="trigger"/>; an illegal move throws <see cref="InvalidTransitionException"/>.</summary>
    public static JobState Next(JobState from, JobTrigger trigger, bool attemptLeft = true) =>
        StrictStateMachine<JobState, JobTrigger>.Next(from, trigger, (read, write) => Create(read, write, () => attemptLeft));
}
