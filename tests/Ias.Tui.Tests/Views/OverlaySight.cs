using Ias.Core.Snapshots;
using Ias.Tui.Views;

namespace Ias.Tui.Tests.Views;

/// <summary>What the overlays read besides the snapshot, fixed for a test: the branch (with <paramref name="Patch"/> once a commit is opened) and the runs.</summary>
internal sealed record OverlaySight(BranchView? View = null, IReadOnlyList<string>? Patch = null, RunsSight? RunsShown = null) : IOverlaySources
{
    public BranchSight? Branch(EngineSnapshot snap, string? opened) => View is null ? null : new BranchSight(View, opened is null ? null : Patch);

    public RunsSight? Runs() => RunsShown;
}
