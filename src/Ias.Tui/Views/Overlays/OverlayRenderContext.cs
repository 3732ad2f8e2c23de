using Ias.Core.Snapshots;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Views.Overlays;

/// <summary>What an overlay draws from: the snapshot, the keyboard's state, the overlay's own, what it reads besides the snapshot, the panes with the binding table, and where it paints.</summary>
public sealed record OverlayRenderContext(
    EngineSnapshot Snapshot,
    DashboardState State,
    Mode.Overlay Open,
    IOverlaySources Sources,
    PaneRegistry Panes,
    ScreenPainter Painter);
