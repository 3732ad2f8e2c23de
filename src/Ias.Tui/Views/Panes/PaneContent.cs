using Spectre.Console.Rendering;

namespace Ias.Tui.Views.Panes;

/// <summary>
/// A pane's drawing: the body, how many lines it has to show in all (key handling scrolls by it), and a detail the
/// frame's title shows after the pane's title.
/// </summary>
public sealed record PaneContent(IRenderable Body, int Lines = 0, string? Detail = null)
{
    /// <summary>The lines a search finds, for n and N to go to; empty when the pane has no search.</summary>
    public IReadOnlyList<int> Matches { get; init; } = [];
}
