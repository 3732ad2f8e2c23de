namespace Ias.Core.Snapshots;

/// <summary>Where one job (one phase of one cycle) stands, as the queue pane shows it.</summary>
public enum JobStatus
{
    Pending,
    Running,
    Done,
    Failed,
    Halted,

    /// <summary>A queue job that asked a person and waits for the answer.</summary>
    Blocked,

    /// <summary>A pending writing job behind a blocked or backing-off one, which must commit first (see <see cref="Jobs.Queue.WriterOrder"/>).</summary>
    HeldBack,
}

/// <summary>What the statuses share.</summary>
public static class JobStatuses
{
    /// <summary>Whether the job waits to run, not at work and not ended: pending, held back, or blocked on an answer.</summary>
    public static bool Waits(this JobStatus status) => status is JobStatus.Pending or JobStatus.HeldBack or JobStatus.Blocked;
}
