using Ias.Core.Snapshots;

namespace Ias.Tui.Input;

/// <summary>When the keys that act on a Run Mode run can act on a queue run's selected job instead, and what they say when they cannot.</summary>
public static class JobKeys
{
    /// <summary>d: a queue run's selected job has a session to reopen (the drop-in itself says why a job has none); otherwise the run's.</summary>
    public static string? WhyNoDropIn(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Queue is null ? EngineKeys.WhyNoDropIn(snap)
            : snap.Jobs.Count == 0 ? "the queue has no job to drop into: `ias enqueue` adds one"
            : null;
    }
}
