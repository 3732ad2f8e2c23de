namespace Ias.Core.Jobs;

/// <summary>Where a job is in the queue; the lower-case name is its folder under runner/queue/.</summary>
public enum JobState
{
    Pending,
    Running,
    Done,
    Failed,
}
