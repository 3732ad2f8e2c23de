namespace Ias.Core.Jobs.Records;

/// <summary>What a run's runner is doing; state.json and the databases spell each as <see cref="RunnerStatuses.Wire"/> says.</summary>
public enum RunnerStatus
{
    /// <summary>At the queue with no job: waiting for one, or (a checkout's own runner) its process gone after a clean stop.</summary>
    Idle,

    /// <summary>At work on its current job.</summary>
    Running,

    /// <summary>Waiting out a usage limit or an outage until a time it recorded.</summary>
    Parked,

    /// <summary>Stopped by `ias stop`, a drained queue or its own end.</summary>
    Stopped,

    /// <summary>A shared queue's runner not heard from for longer than a lease: killed, frozen, or its machine gone.</summary>
    Lost,
}

/// <summary>How state.json, the databases and the JSON of `ias status` name a runner's status.</summary>
public static class RunnerStatuses
{
    /// <summary>A status as the files and tables spell it: idle, running, parked, stopped, lost.</summary>
    public static string Wire(this RunnerStatus status) => status switch
    {
        RunnerStatus.Idle => "idle",
        RunnerStatus.Running => "running",
        RunnerStatus.Parked => "parked",
        RunnerStatus.Stopped => "stopped",
        RunnerStatus.Lost => "lost",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a runner status"),
    };

    /// <summary>The status a row names; a name that is none is a damaged row.</summary>
    public static RunnerStatus Parse(string wire) => wire switch
    {
        "idle" => RunnerStatus.Idle,
        "running" => RunnerStatus.Running,
        "parked" => RunnerStatus.Parked,
        "stopped" => RunnerStatus.Stopped,
        "lost" => RunnerStatus.Lost,
        _ => throw new FormatException($"\"{wire}\" is not a runner status"),
    };
}
