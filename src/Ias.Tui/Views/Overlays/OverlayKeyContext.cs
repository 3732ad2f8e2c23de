using Ias.Tui.Input;

namespace Ias.Tui.Views.Overlays;

/// <summary>
/// A key as it reaches the open overlay: the key, its bound command, whether it closes the overlay (esc, q, or the key
/// that opened it), the state, the overlay's own, and what the last frame showed of it.
/// </summary>
public sealed record OverlayKeyContext(string Key, DashboardCommand? Command, bool Closes, DashboardState State, Mode.Overlay Open, OverlayFacts Facts)
{
    /// <summary>The state with the overlay as <paramref name="open"/>, or closed when null; the effect none.</summary>
    public (DashboardState State, DashboardEffect Effect) Stay(Mode? open) => (State with { Mode = open ?? Mode.Panes }, DashboardEffect.None);
}
