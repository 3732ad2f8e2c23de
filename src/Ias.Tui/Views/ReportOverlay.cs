using Ias.Tui.Input;
using Ias.Tui.Theming;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views;

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
            // A line that fits keeps its own spacing (the report aligns its words in columns); a longer one is broken at words.
            var shown = line.Length <= width ? [line] : Pieces.Wrap(line, width);
            rows.AddRange(shown.Select(l => Pieces.Line((Pieces.Fit(l, width), painter.Theme.Style(role)))));
        }

        var (lastTop, visible) = painter.List(rows, " report - j/k scroll - esc closes ", -1, context.Open.Top);
        return new OverlayFacts([], lastTop, visible);
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
