namespace Ias.Core.Jobs.Records;

/// <summary>Where a job is in the queue; the lower-case name is its folder under runner/queue/.</summary>
public enum JobState
{
    Pending,
    Running,

    /// <summary>Its agent asked a person (`ias ask`) and it waits for the answer: neither failed nor due.</summary>
    Blocked,
    Done,
    Failed,
}

/// <summary>How the databases, the folders and the JSON name a job's state.</summary>
public static class JobStates
{
    /// <summary>A state as the database and the folders name it: pending, running, blocked, done, failed.</summary>
    public static string Wire(this JobState state) => state switch
    {
        JobState.Pending => "pending",
        JobState.Running => "running",
        JobState.Blocked => "blocked",
        JobState.Done => "done",
        JobState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a job state"),
    };

    /// <summary>The state a database row names, in any case; a name that is none is a damaged row.</summary>
    public static JobState Parse(string wire) => wire.ToLowerInvariant() switch
    {
        "pending" => JobState.Pending,
        "running" => JobState.Running,
        "blocked" => JobState.Blocked,
        "done" => JobState.Done,
        "failed" => JobState.Failed,
        _ => throw new FormatException($"\"{wire}\" is not a job state"),
    };
}
