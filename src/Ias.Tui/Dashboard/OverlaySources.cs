using Ias.Core.Reports;
using Ias.Core.Snapshots;
using Ias.Tui.Views.Overlays;

namespace Ias.Tui.Dashboard;

/// <summary>
/// What the overlays read besides the snapshot, opened at the first ask: the run's branch or a queue job's from git, the
/// opened commit once, a failed turn's end from its job folder, the runs list (of this checkout, or with
/// <paramref name="everywhere"/> of every checkout), which is closed after a frame that did not ask for it, so a closed
/// list keeps no connection, and the checkout's report, read once while it is shown and marked read when it is closed.
/// </summary>
internal sealed class OverlaySources(DashboardCheckout checkout, Func<DashboardTarget> watching, EveryCheckout? everywhere, TimeProvider clock) : IOverlaySources, IDisposable
{
    /// <summary>The most lines of one commit the branch overlay shows.</summary>
    private const int ShownLines = 5000;

    private BranchReader? _branch;
    private (string Sha, IReadOnlyList<string> Lines)? _shown;
    private RunsList? _runs;
    private AllRunsList? _all;
    private bool _runsAsked;
    private MorningReport? _report;
    private bool _reportAsked;

    public BranchSight? Branch(EngineSnapshot snap, string? opened)
    {
        if (snap.Status.Run is not { } run)
        {
            return null;
        }

        _branch ??= new BranchReader(checkout.Paths);
        return new BranchSight(_branch.Read(run, checkout.BaseBranch), Shown(_branch, opened));
    }

    public BranchSight? JobBranch(EngineSnapshot snap, string job, string? opened)
    {
        if (snap.Queue is not { } queue)
        {
            return null;
        }

        _branch ??= new BranchReader(checkout.Paths);
        return _branch.ReadJob(queue, job, checkout.BaseBranch) is { } view ? new BranchSight(view, Shown(_branch, opened)) : null;
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
        var runs = everywhere is null
            ? (_runs ??= new RunsList(checkout.Paths, checkout.Shared)).Read()
            : (_all ??= new AllRunsList(everywhere.Registry, checkout.Paths.RepoRoot, everywhere.TeamQueue)).Read();
        var target = watching();
        return new RunsSight(runs, runs.ToList().FindIndex(r => (r.Checkout is null || r.Checkout == checkout.Paths.RepoRoot) && target.Watches(r)));
    }

    // Read when the overlay opens, not at each frame: the report reads its window, which takes a while on a long history.
    public MorningReport? Report()
    {
        _reportAsked = true;
        return _report ??= Read();
    }

    /// <summary>
    /// Whether the report since the last read has news for the person (<see cref="MorningReport.HasNews"/>): when it has,
    /// it is kept for the overlay to show; when not, it is forgotten and stays unread.
    /// </summary>
    public bool HasNews()
    {
        _report = Read() is { HasNews: true } news ? news : null;
        return _report is not null;
    }

    /// <summary>The report shown was closed: marks it read at the time it was read, so what came since is in the next one.</summary>
    public void ReportRead()
    {
        if (_report is { } shown)
        {
            ReportWindow.MarkRead(checkout.Paths, shown.Until);
        }

        _report = null;
    }

    private MorningReport? Read()
    {
        var now = clock.GetUtcNow();
        return checkout.Report?.Invoke(ReportWindow.Default(checkout.Paths, now), now);
    }

    // A tail of 64 KiB at most, read while the overlay is open: once a second on an idle screen.
    public TurnEnd Turn(string jobDir, int stderrLines) => TurnEnd.Read(jobDir, stderrLines);

    /// <summary>
    /// After a frame: closes the runs list when the frame did not ask for it, and forgets a report it did not show (a
    /// terminal too small for it): the report is read again from the same mark when it shows again.
    /// </summary>
    public void Settle()
    {
        if (!_runsAsked)
        {
            Dispose();
        }

        if (!_reportAsked)
        {
            _report = null;
        }

        (_runsAsked, _reportAsked) = (false, false);
    }

    public void Dispose()
    {
        _runs?.Dispose();
        _all?.Dispose();
        (_runs, _all) = (null, null);
    }
}
