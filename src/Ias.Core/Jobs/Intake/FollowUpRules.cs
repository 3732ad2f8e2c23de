using Ias.Core.Config;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Intake;

/// <summary>
/// What the follow-ups of one finished job may be: a job never queues more than it was allowed itself, so only a writing
/// job queues writing ones, and only where the config allows them; <paramref name="Left"/> is how many more the run may queue.
/// </summary>
public sealed record FollowUpRules(bool ParentWrites, bool WritingAllowed, int Left)
{
    /// <summary>The rules for a job finishing in a run that has queued <paramref name="queued"/> follow-ups so far.</summary>
    public static FollowUpRules For(Job job, QueueConfig config, int queued)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(config);
        return new(job.Writes, config.WritingFollowUps, Math.Max(0, config.FollowUpsPerRun - queued));
    }
}
