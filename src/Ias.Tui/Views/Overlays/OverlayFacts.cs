namespace Ias.Tui.Views.Overlays;

/// <summary>
/// What the last frame showed of the open overlay, which its keys need: the rows one can select or open, in order (the
/// overlay's own kind: commit SHAs, runs, question ids), how far it can scroll, and how many rows it shows.
/// </summary>
public sealed record OverlayFacts(IReadOnlyList<object> Items, int LastTop = 0, int Visible = 0)
{
    /// <summary>No overlay drawn.</summary>
    public static OverlayFacts None { get; } = new([]);

    /// <summary>Why the overlay drew nothing, in one line, when it has nothing to show: the dashboard closes it and says this in the footer.</summary>
    public string? Declined { get; init; }

    /// <summary>An overlay that has nothing to show, and says why instead of drawing an empty box.</summary>
    public static OverlayFacts Decline(string why) => None with { Declined = why };
}
