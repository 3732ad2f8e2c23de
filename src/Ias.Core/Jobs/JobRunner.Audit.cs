using Ias.Core.Git;

namespace Ias.Core.Jobs;

/// <summary>The runner's audit trail in git (<see cref="QueueAudit"/>): checked before any claim, written as the runner works.</summary>
public sealed partial class JobRunner
{
    // A trail someone else moved is refused before any job is claimed, so what the runner does next is on record.
    private void CheckTrail()
    {
        if (_audit.Off is { } off)
        {
            _progress($"warning: {off}");
        }

        if (_audit.Moved() is { } moved)
        {
            _queue.SetRunner(RunnerStatus.Stopped, null, reporter: _owner);
            throw new QueueException($"{moved}; then start the runner again");
        }
    }

    /// <summary>
    /// Writes the audit trail; a trail moved by someone else stops the runner after this job, as a breach does, and any other
    /// failure (a full disk, say) is said and the queue goes on: the database, not the trail, is the queue's truth.
    /// </summary>
    private void Audit(Func<string?> record)
    {
        try
        {
            record();
        }
        catch (InvalidOperationException e)
        {
            _breach ??= e.Message;
        }
        catch (Exception e) when (e is GitException or IOException or UnauthorizedAccessException)
        {
            _progress($"warning: the queue's audit trail was not written: {e.Message}");
        }
    }
}
