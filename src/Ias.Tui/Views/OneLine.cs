using Ias.Tui.Terminal;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views;

/// <summary>
/// A line of styled parts that never wraps: it is cut at the pane's edge (with an ellipsis) so a long log line or
/// reason can never push a pane's border off the screen.
/// </summary>
public sealed class OneLine(IReadOnlyList<(string Text, Style Style)> parts) : Renderable
{
    private readonly IReadOnlyList<(string Text, Style Style)> parts = parts;

    protected override Measurement Measure(RenderOptions options, int maxWidth)
    {
        var width = Math.Min(maxWidth, parts.Sum(p => CellWidth.Graphemes(p.Text).Sum(CellWidth.Of)));
        return new Measurement(width, width);
    }

    protected override IEnumerable<Segment> Render(RenderOptions options, int maxWidth)
    {
        var parts = options.Unicode ? this.parts : [.. this.parts.Select(p => (Glyphs.Spell(p.Text), p.Style))];
        var total = parts.Sum(p => CellWidth.Graphemes(p.Text).Sum(CellWidth.Of));
        var room = total > maxWidth ? maxWidth - 1 : maxWidth;
        foreach (var (text, style) in parts)
        {
            if (room <= 0)
            {
                break;
            }

            var taken = new System.Text.StringBuilder();
            foreach (var g in CellWidth.Graphemes(text))
            {
                var w = CellWidth.Of(g);
                if (w > room)
                {
                    room = 0;
                    break;
                }

                taken.Append(g);
                room -= w;
            }

            if (taken.Length > 0)
            {
                yield return new Segment(taken.ToString(), style);
            }
        }

        if (total > maxWidth && maxWidth > 0)
        {
            yield return new Segment(options.Unicode ? "…" : "~", parts.Count > 0 ? parts[^1].Style : Style.Plain);
        }
    }
}
