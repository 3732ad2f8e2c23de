using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Notifications;
using Ias.Core.Safety;

namespace Ias.Core.Jobs.Runner;

/// <summary>
/// One queue runner's own state, in one place: who it is, how it tells what it does, and what its claims and jobs left it
/// knowing (a breach, the jobs waiting for a person, the line that stopped it). The runner's parts (its claims, its jobs,
/// the wait between them, its audit trail) read and write it here and nowhere else.
/// </summary>
internal sealed class RunnerState(JobQueue queue, string owner, JobReporter reporter, Action<string> progress)
{
    /// <summary>How often an idle runner looks for new jobs and for `ias stop`.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public JobQueue Queue => queue;

    public string Owner => owner;

    public JobReporter Reporter => reporter;

    /// <summary>One line of the runner's output.</summary>
    public void Say(string line) => progress(line);

    /// <summary>Blocked jobs of this checkout waiting for a person at the last look: a runner told to stop when idle waits for them.</summary>
    public int Waiting { get; set; }

    /// <summary>The last job's breach, if its agent changed what it must not (or someone moved the audit trail): the runner stops after that job.</summary>
    public string? Breach { get; set; }

    /// <summary>When this runner last wrote its own row while it waited for a job.</summary>
    public DateTimeOffset Reported { get; set; }

    /// <summary>The line the gate stopped this runner with (a cap, the breaker); null while it may run.</summary>
    public string? StoppedBy { get; private set; }

    /// <summary>Records the runner stopped, with no job.</summary>
    public void Stopped() => queue.SetRunner(RunnerStatus.Stopped, null, reporter: owner);

    /// <summary>The gate stopped the runner before its next job: recorded, said, and kept for the command's exit code.</summary>
    public void StopBeforeNextJob(string why)
    {
        StoppedBy = $"runner of {queue.Run} stopped before its next job: {why}";
        Stopped();
        progress(StoppedBy);
    }

    /// <summary>A trip of the breaker (after a job, or a rate halt before one) is told at once; the runner stops before its next claim.</summary>
    public void Judge(Job? job, BreakerTrip? trip)
    {
        if (trip is not null)
        {
            reporter.Notify(NotificationKind.Tripped, $"queue run {queue.Run}: circuit breaker tripped ({trip.Trigger}): {trip.Reason}", job, trip.Reason);
        }
    }
}
