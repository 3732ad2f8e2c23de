using Ias.Tui.Input;
using Ias.Tui.Views.Overlays;

namespace Ias.Tui.Views;

/// <summary>
/// What the keys act on now: the panes, a line typed in the footer, a destructive command's confirm, or an overlay. One
/// value, so no two of them can be half open at once; typing an answer from the inbox keeps the inbox under the line.
/// </summary>
public abstract record Mode
{
    /// <summary>Nothing over the panes: the keys go to the binding table.</summary>
    public static Mode Panes { get; } = new Browsing();

    /// <summary>The overlay on screen: this one, or the one the line is typed over; null when none is open.</summary>
    /// <remarks>A method, not a property: a record prints its properties, and an overlay's would print itself again.</remarks>
    public Overlay? Shown() => this switch
    {
        Overlay open => open,
        Typing { Under: Overlay open } => open,
        _ => null,
    };

    private sealed record Browsing : Mode;

    /// <summary>A line typed in the footer over <paramref name="Under"/>, where the keys go back when it ends.</summary>
    public sealed record Typing(LineEditor Line, Mode Under) : Mode;

    /// <summary>A destructive command waiting for y, asking <paramref name="Question"/> (the binding's own when null); anything else answers No.</summary>
    public sealed record Confirming(KeyBinding Binding, string? Question = null) : Mode
    {
        public string? Asks => Question ?? Binding.Confirm;
    }

    /// <summary>
    /// The overlay <paramref name="Id"/> (see <see cref="OverlayRegistry"/>) over the panes: its selected row, its first
    /// row in view when it scrolls, and the row it opened, if any (the branch overlay's commit).
    /// </summary>
    public sealed record Overlay(string Id, int Selected = 0, int Top = 0, string? Opened = null) : Mode
    {
        /// <summary>The selection moved by a moving command over <paramref name="count"/> rows; null for any other command.</summary>
        public Overlay? Move(DashboardCommand? command, int count)
        {
            var last = Math.Max(0, count - 1);
            var at = Math.Clamp(Selected, 0, last);
            int? selected = command switch
            {
                DashboardCommand.Down => Math.Min(last, at + 1),
                DashboardCommand.Up => Math.Max(0, at - 1),
                DashboardCommand.Top => 0,
                DashboardCommand.Bottom => last,
                _ => null,
            };
            return selected is { } s ? this with { Selected = s } : null;
        }

        /// <summary>The first row in view moved by a moving command, within 0 to <paramref name="lastTop"/>; null for any other command.</summary>
        public Overlay? Scroll(DashboardCommand? command, int lastTop, int page)
        {
            int? top = command switch
            {
                DashboardCommand.Down => Top + 1,
                DashboardCommand.Up => Top - 1,
                DashboardCommand.PageDown => Top + Math.Max(1, page),
                DashboardCommand.PageUp => Top - Math.Max(1, page),
                DashboardCommand.Top => 0,
                DashboardCommand.Bottom => lastTop,
                _ => null,
            };
            return top is { } t ? this with { Top = Math.Clamp(t, 0, lastTop) } : null;
        }
    }
}
