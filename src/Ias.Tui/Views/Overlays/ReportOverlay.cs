using Ias.Tui.Input;
using Ias.Tui.Theming;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views.Overlays;

/// <summary>
/// The morning report over the panes (m, and the morning screen a dashboard opens on): the watched checkout's report
/// since it was last read, the very lines `ias report` prints, wrapped to the width; j/k scroll it. Closing it marks it
/// read, as `ias report` does, so the next report starts from there.
/// </summary>
public sealed class ReportOverlay : IOverlay
{
    /// <summary>The lines that head a part of the report, drawn as headings.</summary>
    private static readonly string[] Headings = ["NEEDS YOU", "DONE", "COST"];

    public string Id => "report";

    public DashboardCommand Opens => DashboardCommand.Report;

    public bool Live => false;

    public OverlayFacts Render(OverlayRenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Sources.Report() is not { } report)
        {
            return OverlayFacts.Decline("the report cannot be read here: `ias report` reads it");
        }

        var (painter, width) = (context.Painter, context.Painter.ListWidth - 2);
        var rows = new List<IRenderable>();
        foreach (var line in ReportText.Lines(report))
        {
            var role = Headings.Any(h => line.StartsWith(h, StringComparison.Ordinal)) ? ThemeRoles.HelpTitle : ThemeRoles.Text;
            rows.AddRange(Broken(line, width).Select(l => Pieces.Line((Pieces.Fit(l, width), painter.Theme.Style(role)))));
        }

        var (lastTop, visible) = painter.List(rows, " report - j/k scroll - esc closes ", -1, context.Open.Top);
        return new OverlayFacts([], lastTop, visible);
    }

    /// <summary>
    /// <paramref name="line"/> in pieces of at most <paramref name="width"/>, broken at its last space that fits (anywhere,
    /// for a word longer than the width), its own spacing kept (the report aligns its words in columns); the pieces after
    /// the first hang two columns further in than the line, so they read as its own and not as the command below it.
    /// </summary>
    public static IEnumerable<string> Broken(string line, int width)
    {
        ArgumentNullException.ThrowIfNull(line);
        width = Math.Max(1, width);
        var indent = line.Length - line.TrimStart(' ').Length;
        var hang = new string(' ', Math.Min(indent + 2, width / 2));
        var rest = line;
        var start = indent;
        while (rest.Length > width)
        {
            var cut = rest.LastIndexOf(' ', width);
            cut = cut > start ? cut : width;
            yield return rest[..cut].TrimEnd(' ');
            rest = hang + rest[cut..].TrimStart(' ');
            start = hang.Length;
        }

        yield return rest;
    }

    // The moving keys scroll the report; closing it is reading it.
    public (DashboardState State, DashboardEffect Effect) Handle(OverlayKeyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Closes
            ? (context.Stay(null).State, new DashboardEffect.ReportRead())
            : context.Stay(context.Open.Scroll(context.Command, context.Facts.LastTop, context.Facts.Visible) ?? context.Open);
    }
}
