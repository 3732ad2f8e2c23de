namespace Ias.Tui.Views;

/// <summary>What the last frame showed of one pane: how many lines it has and how many fit; a hidden pane has none and one row.</summary>
public sealed record PaneFacts(int Lines, int Height)
{
    public static PaneFacts Hidden { get; } = new(0, 1);
}
