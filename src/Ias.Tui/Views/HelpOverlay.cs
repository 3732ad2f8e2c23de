using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views;

/// <summary>Every key of the binding table over the panes (`?`), then what the queue's marks mean; j/k scroll it on a short terminal.</summary>
public sealed class HelpOverlay : IOverlay
{
    public string Id => "help";

    public DashboardCommand Opens => DashboardCommand.Help;

    public bool Live => false;

    /// <summary>Draws the overlay from its first row in view on; its facts say how far it can scroll (0: all fit).</summary>
    public OverlayFacts Render(OverlayRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (buffer, theme, glyphs) = (context.Painter.Buffer, context.Painter.Theme, context.Painter.Glyphs);
        // One column when it fits, two when the terminal is short but wide; shorter still, j/k scroll it.
        var bindings = context.Keys.All;
        var width = Math.Min(buffer.Width - 2, 100);
        var legend = Legend(glyphs, width - 2).ToList();
        var columns = bindings.Count + 1 + legend.Count + 2 <= buffer.Height - 2 || width < 60 ? 1 : 2;
        var perColumn = (bindings.Count + columns - 1) / columns;
        var cell = (width - 2) / columns;
        var rows = new List<IRenderable>();
        for (var r = 0; r < perColumn; r++)
        {
            var parts = new List<(string, Style)>();
            for (var c = 0; c < columns && (c * perColumn) + r < bindings.Count; c++)
            {
                var b = bindings[(c * perColumn) + r];
                var keys = $"{string.Join(" ", b.Keys),-10}";
                parts.Add((keys, theme.Style(ThemeRoles.HelpKey)));
                parts.Add((Pieces.Fit(b.Description, Math.Max(1, cell - keys.Length - 1)) + " ", theme.Style(ThemeRoles.HelpText)));
            }

            rows.Add(Pieces.Line([.. parts]));
        }

        // What the queue's marks mean, after the keys.
        rows.Add(Pieces.Line((" ", theme.Style(ThemeRoles.HelpText))));
        foreach (var marks in legend)
        {
            rows.Add(Pieces.Line((marks, theme.Style(ThemeRoles.HelpText))));
        }

        var height = Math.Min(buffer.Height - 2, rows.Count + 2);
        var visible = height - 2;
        var lastTop = Math.Max(0, rows.Count - visible);
        var top = Math.Clamp(context.Open.Top, 0, lastTop);
        var title = lastTop == 0 ? " keys - esc closes " : $" keys {top + 1}-{top + visible}/{rows.Count} j/k - esc closes ";
        var area = new Rect((buffer.Width - width) / 2, (buffer.Height - height) / 2, width, height);
        context.Painter.Box(area, rows.Skip(top), visible, title);
        return new OverlayFacts([], lastTop);
    }

    // A short terminal cannot show every binding at once; the moving keys scroll the overlay instead of the panes.
    public (DashboardState State, DashboardEffect Effect) Handle(OverlayKeyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lastTop = context.Facts.LastTop;
        return context.Stay(context.Closes ? null : context.Open.Scroll(context.Command, lastTop, page: lastTop) ?? context.Open);
    }

    /// <summary>The queue's marks in words, as many to a line as <paramref name="width"/> holds.</summary>
    private static IEnumerable<string> Legend(Glyphs glyphs, int width)
    {
        string[] marks =
        [
            $"{glyphs.Done} done", $"{glyphs.Running} running", $"{glyphs.Pending} pending", $"{glyphs.Failed} failed", $"{glyphs.Halted} halted",
            "!N findings", "×N attempts", "↑N ↓N rows above, below",
        ];
        var line = "marks:";
        foreach (var mark in marks)
        {
            if (line.Length + mark.Length + 3 > width)
            {
                yield return line;
                line = "      ";
            }

            line += $"  {mark}";
        }

        yield return line;
    }
}
