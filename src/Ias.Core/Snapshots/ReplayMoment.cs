namespace Ias.Core.Snapshots;

/// <summary>
/// One stored event of a run's timeline, as a replay steps through them: when it happened, its kind as the events table
/// spells it, and its line. <see cref="Index"/> counts from 0; it is moment Index + 1 of <see cref="Count"/>.
/// </summary>
public sealed record ReplayMoment(int Index, int Count, DateTimeOffset At, string Kind, string Message)
{
    /// <summary>Whether this is the timeline's last moment: the run as it was left.</summary>
    public bool Last => Index == Count - 1;
}
