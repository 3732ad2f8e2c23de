using Ias.Core.Snapshots;

namespace Ias.Tui.Input;

/// <summary>When the replay keys can act on what a snapshot shows, and what they say when they cannot.</summary>
public static class ReplayKeys
{
    /// <summary>p: a Run Mode run, live or past, is replayed from its stored events, a queue run from its jobs' stored moves.</summary>
    public static string? WhyNoReplay(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap switch
        {
            { Queue: null, Status.Run: null } => "no run here to replay",
            _ => null,
        };
    }

    /// <summary>space, ←/→, [/] and +/-: only while a replay is shown.</summary>
    public static string? WhyNotReplaying(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        return snap.Replayed is null ? "only in a replay: p replays the watched run, l then p another" : null;
    }
}
