namespace Ias.Core.Snapshots;

/// <summary>Where one job (one phase of one cycle) stands, as the queue pane shows it.</summary>
public enum JobStatus
{
    Pending,
    Running,
    Done,
    Failed,
    Halted,
}
