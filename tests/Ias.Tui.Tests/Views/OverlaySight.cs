using Ias.Core.Snapshots;
using Ias.Tui.Views;

namespace Ias.Tui.Tests.Views;

/// <summary>What the overlays read besides the snapshot, fixed for a test: the branch (with <paramref name="Patch"/> once a commit is opened), the runs, and a failed turn's end.</summary>
internal sealed record OverlaySight(BranchView? View = null, IReadOnlyList<string>? Patch = null, RunsSight? RunsShown = null, TurnEnd? Ended = null) : IOverlaySources
{
    public BranchSight? Branch(EngineSnapshot snap, string? opened) => View is null ? null : new BranchSight(View, opened is null ? null : Patch);

    public RunsSight? Runs() => RunsShown;

    public TurnEnd? Turn(string jobDir, int stderrLines) => Ended is null ? null : Ended with { Stderr = [.. Ended.Stderr.TakeLast(stderrLines)] };
}
