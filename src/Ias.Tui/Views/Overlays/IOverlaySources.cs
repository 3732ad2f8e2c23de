using Ias.Core.Reports;
using Ias.Core.Snapshots;

namespace Ias.Tui.Views.Overlays;

/// <summary>
/// What overlays read besides the snapshot, asked only while one is open and only for what it shows: the dashboard
/// closes what no open overlay asked for after each frame.
/// </summary>
public interface IOverlaySources
{
    /// <summary>The run's branch and PR, and the lines of commit <paramref name="opened"/> when one is; null when the snapshot shows no Run Mode run.</summary>
    BranchSight? Branch(EngineSnapshot snap, string? opened);

    /// <summary>
    /// The commits and PR of queue job <paramref name="job"/> of the snapshot's queue run (its own branch, or the commits its
    /// evidence names), and the lines of commit <paramref name="opened"/> when one is; null when git here has none of them.
    /// </summary>
    BranchSight? JobBranch(EngineSnapshot snap, string job, string? opened);

    /// <summary>The checkout's runs and which one is watched; null when they cannot be read here.</summary>
    RunsSight? Runs();

    /// <summary>The watched checkout's report since it was last read, read once while it stays open; null when it cannot be read here.</summary>
    MorningReport? Report();

    /// <summary>How the turn in <paramref name="jobDir"/> ended, with at most <paramref name="stderrLines"/> of its stderr; null when it cannot be read here.</summary>
    TurnEnd? Turn(string jobDir, int stderrLines);
}
