namespace Ias.Core.Snapshots;

/// <summary>What a run of a checkout is: a Run Mode sprint, one sprint of a sprint plan, a bug run, or a job queue run.</summary>
public enum RunKind
{
    Sprint,
    Plan,
    Bug,
    Queue,
}
