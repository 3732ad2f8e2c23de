using Ias.Core.Storage;

namespace Ias.Core.Replays;

/// <summary>A stored run of either kind as a timeline, by the id l lists it under.</summary>
public static class ReplayTimelines
{
    /// <summary>The Run Mode run <paramref name="id"/> of the checkout, else its queue run of that name; null when ias.db has neither.</summary>
    public static IReplayTimeline? Read(RunPaths paths, string id) =>
        (IReplayTimeline?)RunTimeline.Read(paths, id) ?? QueueTimeline.Read(paths, id);

    /// <summary>The run <paramref name="id"/> as its kind says: a queue run's, or a Run Mode run's; null when ias.db has no such run.</summary>
    public static IReplayTimeline? Read(RunPaths paths, string id, bool queue) =>
        queue ? QueueTimeline.Read(paths, id) : RunTimeline.Read(paths, id);
}
