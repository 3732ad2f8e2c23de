using Ias.Tui.Input;

namespace Ias.Tui.Views.Overlays;

/// <summary>
/// One overlay over the panes, whole: the command that opens it, how it draws itself, and what it does with the keys
/// while it is open. A new overlay is one class implementing this, one line in <see cref="OverlayRegistry.Default"/>,
/// its binding row in the key table, and its golden screens.
/// </summary>
public interface IOverlay
{
    /// <summary>A short stable name: what <see cref="Mode.Overlay.Id"/> holds ("branch").</summary>
    string Id { get; }

    /// <summary>The command whose key opens the overlay; the same key closes it, as esc and q do.</summary>
    DashboardCommand Opens { get; }

    /// <summary>
    /// True when what it shows can change with no key pressed (read again for each frame, or aged by the clock): the
    /// dashboard then draws it once a second. False for one drawn from what it read when it opened.
    /// </summary>
    bool Live { get; }

    /// <summary>Draws the overlay over the panes; returns what its keys need of the frame, or null when it has nothing to draw.</summary>
    OverlayFacts? Render(OverlayRenderContext context);

    /// <summary>The next state for a key while the overlay is open, and what it asks of the world outside the screen.</summary>
    (DashboardState State, DashboardEffect Effect) Handle(OverlayKeyContext context);
}
