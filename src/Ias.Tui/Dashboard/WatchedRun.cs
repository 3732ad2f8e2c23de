using Ias.Core.Snapshots;
using Ias.Core.Storage;

namespace Ias.Tui.Dashboard;

/// <summary>
/// The run a dashboard watches and the reader of its snapshots; the runs list switches it to another in place. A queue run
/// is read from the team's <paramref name="shared"/> queue when there is one.
/// </summary>
public sealed class WatchedRun(RunPaths paths, TimeProvider clock, DashboardTarget target, SharedQueue? shared = null) : IDisposable
{
    private SnapshotReader _reader = Open(paths, clock, target, shared);

    public DashboardTarget Target { get; private set; } = target;

    public EngineSnapshot Read() => _reader.Read();

    /// <summary>Watches <paramref name="run"/> from now on; returns the footer's line saying what is watched.</summary>
    public string Switch(RunSummary run)
    {
        var said = Saying(run);
        if (Target.Watches(run))
        {
            return "already " + said;
        }

        var next = DashboardTarget.Of(run);
        var reader = Open(paths, clock, next, shared);
        _reader.Dispose();
        (_reader, Target) = (reader, next);
        return said;
    }

    /// <summary>The footer's line once <paramref name="run"/> is watched: which run, and whether it is the current one or a past one.</summary>
    public static string Saying(RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run switch
        {
            { Kind: RunKind.Queue } => $"watching queue run {run.Id}",
            { Current: true } => $"watching run {run.Id} ({run.Run?.Target}), the current run",
            _ => $"watching run {run.Id} ({run.Run?.Target}), a past run: read-only",
        };
    }

    private static SnapshotReader Open(RunPaths paths, TimeProvider clock, DashboardTarget target, SharedQueue? shared) =>
        new(paths, clock) { QueueRun = target.QueueRun, QueueOnly = target.QueueRun is not null, PastRun = target.PastRun, Shared = shared };

    public void Dispose() => _reader.Dispose();
}
