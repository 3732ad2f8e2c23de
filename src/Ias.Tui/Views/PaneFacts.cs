namespace Ias.Tui.Views;

/// <summary>What the last frame showed of one pane: how many lines it has, how many fit and how wide; a hidden pane has none and one row.</summary>
public sealed record PaneFacts(int Lines, int Height, int Width = 0)
{
    public static PaneFacts Hidden { get; } = new(0, 1);
}
