using Ias.Core.Git;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Runner;

/// <summary>
/// The runner's audit trail in git (<see cref="QueueAudit"/>): checked before any claim, written as the runner works. A trail
/// someone else moved stops the runner after its job, as a breach does; any other failure (a full disk, say) is said and the
/// queue goes on: the database, not the trail, is the queue's truth.
/// </summary>
internal sealed class RunnerAudit(QueueAudit audit, RunnerState state)
{
    /// <summary>Refuses a trail someone else moved before any job is claimed, so what the runner does next is on record.</summary>
    public void Check()
    {
        if (audit.Off is { } off)
        {
            state.Say($"warning: {off}");
        }

        if (audit.Moved() is { } moved)
        {
            state.Stopped();
            throw new QueueException($"{moved}; then start the runner again");
        }
    }

    /// <summary>The whole runner folder, at a runner's start and stop.</summary>
    public void All(string why) => Write(() => audit.All(why));

    /// <summary>One job as it stands after its attempt.</summary>
    public void Job(Job job, string why) => Write(() => audit.Job(state.Queue.Find(job.Id) ?? job, why));

    private void Write(Func<string?> record)
    {
        try
        {
            record();
        }
        catch (InvalidOperationException e)
        {
            state.Breach ??= e.Message;
        }
        catch (Exception e) when (e is GitException or IOException or UnauthorizedAccessException)
        {
            state.Say($"warning: the queue's audit trail was not written: {e.Message}");
        }
    }
}
