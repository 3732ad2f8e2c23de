namespace Ias.Core.Jobs;

/// <summary>What a run's runner is doing, as state.json spells it.</summary>
public static class RunnerStatus
{
    public const string Idle = "idle";
    public const string Running = "running";
    public const string Parked = "parked";
    public const string Stopped = "stopped";

    /// <summary>A shared queue's runner not heard from for longer than a lease: killed, frozen, or its machine gone.</summary>
    public const string Lost = "lost";
}
