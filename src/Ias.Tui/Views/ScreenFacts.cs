using Ias.Tui.Views.Overlays;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Views;

/// <summary>
/// What the last frame showed, which key handling needs: how many jobs there are, each drawn pane's lines and height,
/// and what the open overlay showed.
/// </summary>
public sealed record ScreenFacts(int Jobs, IReadOnlyDictionary<string, PaneFacts> Panes)
{
    /// <summary>What the open overlay showed; <see cref="OverlayFacts.None"/> when none was drawn.</summary>
    public OverlayFacts Overlay { get; init; } = OverlayFacts.None;

    /// <summary>Before the first frame: nothing shown yet.</summary>
    public static ScreenFacts None { get; } = new(0, new Dictionary<string, PaneFacts>());

    /// <summary>What the frame showed of <paramref name="pane"/>; <see cref="PaneFacts.Hidden"/> when it was not drawn.</summary>
    public PaneFacts Of(IPane pane) => Panes.GetValueOrDefault(pane.Id) ?? PaneFacts.Hidden;
}
