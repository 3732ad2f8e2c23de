using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views.Panes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views.Overlays;

/// <summary>
/// Every key of the binding table over the panes (`?`): the focused pane's first, under its title, then the keys of no
/// pane, then the other panes', then what the queue's marks mean. Each description is wrapped whole, in one column;
/// j/k scroll what the terminal cannot hold.
/// </summary>
public sealed class HelpOverlay : IOverlay
{
    /// <summary>The column the descriptions start in, past the longest keys ("shift-tab").</summary>
    private const int KeyColumn = 10;

    public string Id => "help";

    public DashboardCommand Opens => DashboardCommand.Help;

    public bool Live => false;

    /// <summary>Draws the overlay from its first row in view on; its facts say how far it can scroll (0: all fit).</summary>
    public OverlayFacts Render(OverlayRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (buffer, theme, glyphs) = (context.Painter.Buffer, context.Painter.Theme, context.Painter.Glyphs);
        var width = Math.Min(buffer.Width - 2, 100);
        var blank = Pieces.Line((" ", theme.Style(ThemeRoles.HelpText)));
        var rows = new List<IRenderable>();
        foreach (var (heading, bindings) in Sections(context.Panes, context.State))
        {
            if (rows.Count > 0)
            {
                rows.Add(blank);
            }

            rows.Add(Pieces.Line((heading, theme.Style(ThemeRoles.HelpTitle))));
            rows.AddRange(bindings.SelectMany(b => Row(b, width - 2, theme)));
        }

        // What the queue's marks mean, after the keys.
        rows.Add(blank);
        rows.AddRange(Legend(glyphs, width - 2).Select(marks => Pieces.Line((marks, theme.Style(ThemeRoles.HelpText)))));

        var height = Math.Min(buffer.Height - 2, rows.Count + 2);
        var visible = height - 2;
        var lastTop = Math.Max(0, rows.Count - visible);
        var top = Math.Clamp(context.Open.Top, 0, lastTop);
        var shown = $"{top + 1}-{top + visible}/{rows.Count} j/k - esc closes";
        // The narrowest box has no room for the word when the rows number in the hundreds.
        var title = lastTop == 0 ? " keys - esc closes " : shown.Length + 7 <= width - 4 ? $" keys {shown} " : $" {shown} ";
        var area = new Rect((buffer.Width - width) / 2, (buffer.Height - height) / 2, width, height);
        context.Painter.Box(area, rows.Skip(top), visible, title);
        return new OverlayFacts([], lastTop, visible);
    }

    // A short terminal cannot show every binding at once; the moving keys scroll the overlay instead of the panes.
    public (DashboardState State, DashboardEffect Effect) Handle(OverlayKeyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Stay(context.Closes ? null : context.Open.Scroll(context.Command, context.Facts.LastTop, context.Facts.Visible) ?? context.Open);
    }

    /// <summary>
    /// The bindings under their headings: the focused pane's (its number key and the commands it acts on), the keys no
    /// pane claims, then each other pane's in the registry's order. The moving keys show under every pane they move in.
    /// </summary>
    private static IEnumerable<(string Heading, IReadOnlyList<KeyBinding> Bindings)> Sections(PaneRegistry panes, DashboardState state)
    {
        var focused = panes.Focused(state);
        IReadOnlyList<KeyBinding> Of(IPane pane) => [.. panes.Keys.All.Where(b => b.Pane == pane.Id || pane.Commands.Contains(b.Command))];
        yield return ($"{focused.Title} (focused)", Of(focused));
        var claimed = panes.All.SelectMany(Of).ToHashSet();
        yield return ("Any pane", [.. panes.Keys.All.Where(b => !claimed.Contains(b))]);
        foreach (var pane in panes.All.Where(p => p != focused))
        {
            yield return (pane.Title, Of(pane));
        }
    }

    /// <summary>A binding's keys, then its description wrapped to <paramref name="width"/>, its later lines under its first.</summary>
    private static IEnumerable<IRenderable> Row(KeyBinding binding, int width, Theme theme)
    {
        var keys = string.Join(" ", binding.Keys);
        var column = Math.Max(KeyColumn, keys.Length + 1);
        var lines = Pieces.Wrap(binding.Description, width - column);
        return lines.Select((line, i) => Pieces.Line(((i == 0 ? keys : "").PadRight(column), theme.Style(ThemeRoles.HelpKey)), (line, theme.Style(ThemeRoles.HelpText))));
    }

    /// <summary>The queue's marks in words, as many to a line as <paramref name="width"/> holds.</summary>
    private static IEnumerable<string> Legend(Glyphs glyphs, int width)
    {
        string[] marks =
        [
            $"{glyphs.Done} done", $"{glyphs.Running} running", $"{glyphs.Pending} pending", $"{glyphs.Failed} failed", $"{glyphs.Halted} halted",
            $"{glyphs.Blocked} blocked", $"{glyphs.HeldBack} held back",
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
