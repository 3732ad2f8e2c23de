using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Views;

namespace Ias.Tui.Dashboard;

/// <summary>
/// What the overlays read besides the snapshot, opened at the first ask: the run's branch or a queue job's from git, the
/// opened commit once, a failed turn's end from its job folder, and the runs list, which is closed after a frame that did
/// not ask for it, so a closed list keeps no connection.
/// </summary>
internal sealed class OverlaySources(RunPaths paths, SharedQueue? shared, string baseBranch, Func<DashboardTarget> watching) : IOverlaySources, IDisposable
{
    /// <summary>The most lines of one commit the branch overlay shows.</summary>
    private const int ShownLines = 5000;

    private BranchReader? _branch;
    private (string Sha, IReadOnlyList<string> Lines)? _shown;
    private RunsList? _runs;
    private bool _runsAsked;

    public BranchSight? Branch(EngineSnapshot snap, string? opened)
    {
        if (snap.Status.Run is not { } run)
        {
            return null;
        }

        _branch ??= new BranchReader(paths);
        return new BranchSight(_branch.Read(run, baseBranch), Shown(_branch, opened));
    }

    public BranchSight? JobBranch(EngineSnapshot snap, string job, string? opened)
    {
        if (snap.Queue is not { } queue)
        {
            return null;
        }

        _branch ??= new BranchReader(paths);
        return _branch.ReadJob(queue, job, baseBranch) is { } view ? new BranchSight(view, Shown(_branch, opened)) : null;
    }

    /// <summary>The lines of commit <paramref name="opened"/>, read from git once while it stays open; null when none is.</summary>
    private IReadOnlyList<string>? Shown(BranchReader reader, string? opened)
    {
        if (opened is { } sha && _shown?.Sha != sha)
        {
            _shown = (sha, reader.Show(sha, ShownLines));
        }

        return opened is null ? null : _shown?.Lines;
    }

    public RunsSight Runs()
    {
        _runsAsked = true;
        _runs ??= new RunsList(paths, shared);
        var runs = _runs.Read();
        return new RunsSight(runs, runs.ToList().FindIndex(watching().Watches));
    }

    // A tail of 64 KiB at most, read while the overlay is open: once a second on an idle screen.
    public TurnEnd Turn(string jobDir, int stderrLines) => TurnEnd.Read(jobDir, stderrLines);

    /// <summary>After a frame: closes the runs list when the frame did not ask for it.</summary>
    public void Settle()
    {
        if (!_runsAsked)
        {
            Dispose();
        }

        _runsAsked = false;
    }

    public void Dispose()
    {
        _runs?.Dispose();
        _runs = null;
    }
}
