using Ias.Core.Reports;
using Ias.Core.Snapshots;
using Ias.Tui.Views.Overlays;

namespace Ias.Tui.Tests.Views;

/// <summary>What the overlays read besides the snapshot, fixed for a test: the branch or a job's (with <paramref name="Patch"/> once a commit is opened), the runs, a failed turn's end, and the report.</summary>
internal sealed record OverlaySight(BranchView? View = null, IReadOnlyList<string>? Patch = null, RunsSight? RunsShown = null, TurnEnd? Ended = null, MorningReport? Morning = null) : IOverlaySources
{
    /// <summary>The view when it is a run's and the snapshot shows a Run Mode run, as the dashboard's own sources answer.</summary>
    public BranchSight? Branch(EngineSnapshot snap, string? opened) =>
        View is { Job: null } && snap.Status.Run is not null ? new BranchSight(View, opened is null ? null : Patch) : null;

    /// <summary>The view when it is of job <paramref name="job"/>; null, as for a job whose commits git here lacks, otherwise.</summary>
    public BranchSight? JobBranch(EngineSnapshot snap, string job, string? opened) => View?.Job == job ? new BranchSight(View, opened is null ? null : Patch) : null;

    public RunsSight? Runs() => RunsShown;

    public MorningReport? Report() => Morning;

    public TurnEnd? Turn(string jobDir, int stderrLines) => Ended is null ? null : Ended with { Stderr = [.. Ended.Stderr.TakeLast(stderrLines)] };
}
