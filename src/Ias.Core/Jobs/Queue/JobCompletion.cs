using Ias.Core.Agents;
using Ias.Core.Jobs.Mirror;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Retry;
using Ias.Core.Jobs.Store;

namespace Ias.Core.Jobs.Queue;

/// <summary>
/// How a claimed job's turn ends: done with its evidence and follow-ups, a failed attempt retried, parked or failed as the
/// <see cref="RetryPolicy"/> decides, or blocked on a person's answer. Each lands only while the job is still held under its
/// generation, so a runner whose lease another claim took can never record a result.
/// </summary>
internal sealed class JobCompletion(IQueueStore store, QueueChanges changes, RunnerRecord runners, RetryPolicy retry, string run)
{
    /// <summary>Marks the job done and queues its follow-ups in one transaction; false when a later claim took it.</summary>
    public bool Complete(Job job, JobEvidence evidence, string summary, IReadOnlyList<JobRequest> followUps, out IReadOnlyList<Job> queued)
    {
        var now = changes.Now();
        var done = JobTransitions.Done(job, evidence, summary, now);
        var held = false;
        IReadOnlyList<Job> added = [];
        changes.Change(() =>
        {
            held = changes.SaveIf(done, job.Generation);
            if (held && followUps.Count > 0)
            {
                var depth = store.Depth(run, job.Id) + 1;
                added = store.AddJobs(run, followUps, now);
                foreach (var next in added)
                {
                    store.AddFollowUp(run, next.Id, job.Id, depth);
                    changes.Wrote(next);
                }
            }
        });
        queued = added;
        return held;
    }

    /// <summary>Records a failed attempt as the retry policy decides; null when a later claim took the job.</summary>
    public RetryDecision? Fail(Job job, FailureClass failure, string detail, DateTimeOffset? resetsAt, JobEvidence? evidence)
    {
        var now = changes.Now();
        var decision = retry.Decide(failure, job.Counted, now, resetsAt);
        var reason = $"{detail} — {decision.Why}";
        var next = JobTransitions.Failed(job, decision, RetryPolicy.Wire(failure), reason, evidence, now);
        var held = false;
        changes.Change(() =>
        {
            held = changes.SaveIf(next, job.Generation);
            if (held && decision.Kind == RetryKind.Park)
            {
                runners.Park(decision.At, reason, now);
            }
        });
        return held ? decision : null;
    }

    /// <summary>Blocks a running job whose agent asked a person; false when a later claim took it.</summary>
    public bool Await(Job job, string reason)
    {
        var blocked = JobTransitions.Blocked(job, reason, changes.Now());
        var held = false;
        changes.Change(() => held = changes.SaveIf(blocked, job.Generation));
        return held;
    }

    /// <summary>Fails a blocked job whose question waited too long; false when it is not blocked (any more).</summary>
    public bool Unanswered(string id, string reason)
    {
        var failed = false;
        changes.Change(() =>
        {
            if (store.FindJob(run, id) is { State: JobState.Blocked } job)
            {
                changes.Save(JobTransitions.Unanswered(job, reason, changes.Now()));
                failed = true;
            }
        });
        return failed;
    }
}
