using Ias.Core.Snapshots;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;

namespace Ias.Tui.Views.Panes;

/// <summary>What a pane draws from: the snapshot, the keyboard's state, the selected job's log, the look, and the room inside its frame.</summary>
public sealed record PaneRenderContext(
    EngineSnapshot Snapshot,
    DashboardState State,
    IReadOnlyCollection<LogLine> Log,
    Theme Theme,
    Glyphs Glyphs,
    int Width,
    int Height);
