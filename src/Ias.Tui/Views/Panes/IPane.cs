using Ias.Core.Snapshots;
using Ias.Tui.Input;

namespace Ias.Tui.Views.Panes;

/// <summary>
/// One pane of the dashboard, whole: its title, the number key that focuses it, where it sits, how it draws itself
/// from the snapshot, what it does with the keys that reach it, and what in the snapshot it shows. A new pane is one
/// class implementing this, one line in <see cref="PaneRegistry.Default"/>, and its golden screens.
/// </summary>
public interface IPane
{
    /// <summary>A short stable name: what <see cref="DashboardState.Focus"/> holds and the focus binding names ("queue").</summary>
    string Id { get; }

    /// <summary>The frame's and the tab's title ("Queue").</summary>
    string Title { get; }

    /// <summary>The key that focuses the pane ("1"); the frame and the tab show it before the title.</summary>
    string Key { get; }

    /// <summary>What the help overlay and the key table say the key does ("focus the queue").</summary>
    string KeyDescription { get; }

    /// <summary>The commands it acts on while it has the focus: the help lists their keys under its title, first when it is focused.</summary>
    IReadOnlyList<DashboardCommand> Commands { get; }

    /// <summary>Where the pane sits when the screen is large enough to show every pane.</summary>
    PaneSlot Slot { get; }

    /// <summary>The pane's content for the room inside its frame.</summary>
    PaneContent Render(PaneRenderContext context);

    /// <summary>The next state for a command that reached the pane, or null when the pane leaves it to the others.</summary>
    DashboardState? Handle(PaneKeyContext context);

    /// <summary>
    /// Text that changes whenever what the pane draws from <paramref name="snapshot"/> changes, a countdown's text too:
    /// the dashboard redraws when any pane's fingerprint does (keys, resizes and new log lines redraw anyway, and the
    /// clock's second only while an engine or a runner works).
    /// </summary>
    string Fingerprint(EngineSnapshot snapshot);
}
