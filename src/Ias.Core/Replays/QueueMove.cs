using Ias.Core.Jobs.Records;

namespace Ias.Core.Replays;

/// <summary>
/// One move of a queue's job as its row keeps it: enqueued, an attempt begun, an attempt ended (done, retry, failed,
/// asked, ...), or its last move when its history does not end where the job stands. <see cref="Ended"/> counts the
/// attempts of its history that had ended by then; <see cref="Job"/> is the job's index, -1 for the run's own creation.
/// </summary>
internal sealed record QueueMove(DateTimeOffset At, int Job, JobState State, int Attempts, int Ended, string Kind, string Message)
{
    public const string Claimed = "claimed";

    /// <summary>The job's moves in the order they happened, from its row: its creation, each attempt of its history, and where it stands now.</summary>
    public static IEnumerable<QueueMove> Of(Job job, int index)
    {
        ArgumentNullException.ThrowIfNull(job);
        var moves = new List<QueueMove> { new(job.Created, index, JobState.Pending, 0, 0, "enqueued", $"{job.Id} enqueued") };
        for (var i = 0; i < job.History.Count; i++)
        {
            var h = job.History[i];
            moves.Add(new(h.Started, index, JobState.Running, h.Attempt, i, Claimed, $"{job.Id} attempt {h.Attempt} started"));
            var given = h.Outcome == "parked" ? 1 : 0;
            moves.Add(new(h.Ended, index, StateAfter(h.Outcome), h.Attempt - given, i + 1, h.Outcome, $"{job.Id} {h.Outcome.Replace('_', ' ')}{(h.Reason is { } why ? $": {why}" : "")}"));
        }

        var last = moves[^1];
        if (job.State == JobState.Running && job.Started is { } started && last.State != JobState.Running)
        {
            moves.Add(new(started, index, JobState.Running, job.Attempts, job.History.Count, Claimed, $"{job.Id} attempt {job.Attempts} started"));
        }
        else if (last.State != job.State)
        {
            moves.Add(new(job.Ended ?? last.At, index, job.State, job.Attempts, job.History.Count, job.State.Wire(), $"{job.Id} {job.State.Wire()}{(job.Reason is { } why ? $": {why}" : "")}"));
        }

        return moves;
    }

    /// <summary>
    /// The times <paramref name="job"/>'s agents wrote lines of its log, one moment per time, each named by its first line:
    /// the replay's log advances through them while the job stands as its last move left it (index -1: they move no job).
    /// Each attempt's log is read as the dashboard opens it, from its last lines.
    /// </summary>
    public static IEnumerable<QueueMove> Logged(Job job, QueuePaths paths)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(paths);
        for (var attempt = 1; attempt <= job.Attempts; attempt++)
        {
            var dir = Path.Combine(paths.JobDir(job.Id), $"attempt-{attempt}");
            if (!Directory.Exists(dir))
            {
                continue;
            }

            var log = new Snapshots.JobLog(dir);
            log.Poll();
            foreach (var line in log.Lines.Where(l => l.Time is not null).DistinctBy(l => l.Time))
            {
                yield return new(line.Time!.Value, -1, JobState.Pending, 0, 0, "log", $"{job.Id}: {line.Text}");
            }
        }
    }

    /// <summary>Where an attempt's outcome leaves its job: done, failed, blocked on a person, or pending again.</summary>
    private static JobState StateAfter(string outcome) => outcome switch
    {
        "done" => JobState.Done,
        "failed" => JobState.Failed,
        JobAttempt.Asked => JobState.Blocked,
        _ => JobState.Pending,
    };
}
