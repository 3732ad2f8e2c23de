using Ias.Core.Snapshots;

namespace Ias.Tui.Views.Overlays;

/// <summary>What the branch overlay draws: the run's branch and PR, or a queue job's, and the lines of the commit opened, if one is.</summary>
public sealed record BranchSight(BranchView View, IReadOnlyList<string>? Shown);
