using Ias.Core.Snapshots;

namespace Ias.Tui.Views.Overlays;

/// <summary>What the runs list draws: the checkout's runs, latest active first, and which of them the dashboard watches (-1: none).</summary>
public sealed record RunsSight(IReadOnlyList<RunSummary> Runs, int Watched);
