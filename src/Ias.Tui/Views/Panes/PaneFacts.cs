using Ias.Tui.Terminal;

namespace Ias.Tui.Views.Panes;

/// <summary>What the last frame showed of one pane: how many lines it has, how many fit and how wide, what its search found; a hidden pane has none and one row.</summary>
public sealed record PaneFacts(int Lines, int Height, int Width = 0)
{
    /// <summary>The lines the pane's search found (see <see cref="PaneContent.Matches"/>).</summary>
    public IReadOnlyList<int> Matches { get; init; } = [];

    /// <summary>Where the pane's inside was drawn on the screen; empty for a hidden pane.</summary>
    public Rect Area { get; init; }

    public static PaneFacts Hidden { get; } = new(0, 1);
}
