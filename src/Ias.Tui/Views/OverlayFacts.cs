namespace Ias.Tui.Views;

/// <summary>
/// What the last frame showed of the open overlay, which its keys need: the rows one can select or open, in order (the
/// overlay's own kind: commit SHAs, runs, question ids), how far it can scroll, and how many rows it shows.
/// </summary>
public sealed record OverlayFacts(IReadOnlyList<object> Items, int LastTop = 0, int Visible = 0)
{
    /// <summary>No overlay drawn.</summary>
    public static OverlayFacts None { get; } = new([]);
}
