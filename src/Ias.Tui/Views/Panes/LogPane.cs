using System.Globalization;
using Ias.Core.Snapshots;
using Ias.Core.Turns;
using Ias.Tui.Input;
using Ias.Tui.Theming;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views.Panes;

/// <summary>
/// The selected job's log for people, each line after the time it was written: search (/ then n and N), filter (&amp;),
/// follow (stay at the end), wrap or crop, and where the view is in the log in the frame's title. Enter opens it and / and
/// &amp; reach it from any pane; the moving keys scroll it while it has the focus, and esc there clears the search and the
/// filter and goes back to the first pane.
/// </summary>
public sealed class LogPane : IPane
{
    /// <summary>"HH:mm:ss " before a line with a time.</summary>
    private const int TimeWidth = 9;

    public string Id => "log";

    public string Title => "Log";

    public string Key => "2";

    public string KeyDescription => "focus the log";

    /// <summary>The moving keys scroll it; the search, the filter, follow and wrap are its own.</summary>
    public IReadOnlyList<DashboardCommand> Commands { get; } =
    [
        DashboardCommand.Down, DashboardCommand.Up, DashboardCommand.PageDown, DashboardCommand.PageUp, DashboardCommand.Top, DashboardCommand.Bottom,
        DashboardCommand.Search, DashboardCommand.SearchNext, DashboardCommand.SearchPrevious, DashboardCommand.Filter, DashboardCommand.Follow, DashboardCommand.Wrap,
    ];

    public PaneSlot Slot { get; } = new(WideColumn.Right, WideRows: null, StackBand.Middle, StackedRows: null);

    public PaneContent Render(PaneRenderContext context)
    {
        var (snap, state, log, theme, _, width, height) = context;
        var visible = Visible(log, state.Filter, state.Wrap, width);
        var top = state.Follow ? Math.Max(0, visible.Count - height) : Math.Min(state.LogTop, Math.Max(0, visible.Count - height));
        var matches = Matches(visible, state.Search);
        var position = visible.Count == 0 ? null : $"{Math.Min(top + height, visible.Count)}/{visible.Count}";
        var elsewhere = snap.Jobs.Count == 0 ? null : snap.Jobs[state.SelectedIndex(snap)].Where;
        return new PaneContent(Render(visible, top, state, theme, height, elsewhere), visible.Count, Detail(snap, state, position)) { Matches = matches };
    }

    public DashboardState? Handle(PaneKeyContext context)
    {
        var (command, s, facts, focused, panes) = context;
        var shown = facts.Of(this);
        var lastTop = Math.Max(0, shown.Lines - shown.Height);
        var logTop = s.Follow ? lastTop : Math.Min(s.LogTop, lastTop);
        var page = Math.Max(1, shown.Height - 1);
        return (command, focused) switch
        {
            (DashboardCommand.Down, true) => Scroll(s, logTop, +1, lastTop),
            (DashboardCommand.Up, true) => Scroll(s, logTop, -1, lastTop),
            (DashboardCommand.PageDown, true) => Scroll(s, logTop, page, lastTop),
            (DashboardCommand.PageUp, true) => Scroll(s, logTop, -page, lastTop),
            (DashboardCommand.Top, true) => s with { Follow = false, LogTop = 0 },
            (DashboardCommand.Bottom, true) => s with { Follow = true, LogTop = lastTop },
            (DashboardCommand.Open, _) => s with { Focus = Id, LogTop = 0, Follow = false },
            (DashboardCommand.Back, _) => s with { Filter = "", Search = "", SearchAt = null, Focus = focused ? panes.All[0].Id : s.Focus },
            (DashboardCommand.Filter, _) => s with { Mode = new Mode.Typing(new LineEditor(LinePurpose.Filter, s.Filter), Mode.Panes), Focus = Id },
            (DashboardCommand.Search, _) => s with { Mode = new Mode.Typing(new LineEditor(LinePurpose.Search), Mode.Panes), Search = "", SearchAt = null, Focus = Id },
            (DashboardCommand.SearchNext or DashboardCommand.SearchPrevious, _) => Jump(s, shown, logTop, lastTop, command == DashboardCommand.SearchNext),
            (DashboardCommand.Follow, _) => s with { Follow = !s.Follow, Selected = s.Follow ? s.Selected : Math.Max(0, facts.Jobs - 1), LogTop = logTop },
            (DashboardCommand.Wrap, _) => s with { Wrap = !s.Wrap },
            _ => null,
        };
    }

    /// <summary>Which job's log shows; its lines come from the job's file, which the dashboard watches itself.</summary>
    public string Fingerprint(EngineSnapshot snapshot)
    {
        var last = snapshot.Jobs.Count == 0 ? null : snapshot.Jobs[^1];
        return (snapshot.Jobs.Count, last?.Status, last?.JobDir).ToString();
    }

    /// <summary>
    /// The lines the pane can show after filter and wrap, in order; a wrapped line's rest keeps clear of the time column.
    /// </summary>
    public static IReadOnlyList<LogLine> Visible(IEnumerable<LogLine> lines, string filter, bool wrap, int width)
    {
        var kept = filter.Length == 0 ? lines : lines.Where(l => l.Text.Contains(filter, StringComparison.OrdinalIgnoreCase));
        if (!wrap || width < TimeWidth + 2)
        {
            return kept as IReadOnlyList<LogLine> ?? kept.ToList();
        }

        var wrapped = new List<LogLine>();
        foreach (var l in kept)
        {
            var room = l.Time is null ? width : width - TimeWidth;
            if (l.Text.Length <= room)
            {
                wrapped.Add(l);
                continue;
            }

            for (var i = 0; i < l.Text.Length; i += room)
            {
                var piece = l.Text.Substring(i, Math.Min(room, l.Text.Length - i));
                wrapped.Add(i == 0 ? l with { Text = piece } : new LogLine(l.Kind, (l.Time is null ? "" : new string(' ', TimeWidth)) + piece));
            }
        }

        return wrapped;
    }

    /// <summary>The visible lines the search finds, in order.</summary>
    private static List<int> Matches(IReadOnlyList<LogLine> visible, string search)
    {
        var found = new List<int>();
        if (search.Length == 0)
        {
            return found;
        }

        for (var i = 0; i < visible.Count; i++)
        {
            if (visible[i].Text.Contains(search, StringComparison.OrdinalIgnoreCase))
            {
                found.Add(i);
            }
        }

        return found;
    }

    /// <summary>
    /// n and N: the next match after the last one gone to (before the first jump, from the top of the view), round the end of
    /// the log, a third of the way down the pane so the lines after it show too.
    /// </summary>
    private DashboardState Jump(DashboardState s, PaneFacts shown, int logTop, int lastTop, bool forward)
    {
        if (s.Search.Length == 0)
        {
            return s.Say("no search yet: / starts one");
        }

        var matches = shown.Matches;
        if (matches.Count == 0)
        {
            return s.Say($"no line matches \"{s.Search}\"");
        }

        int at;
        if (forward)
        {
            var from = s.SearchAt ?? (logTop - 1);
            at = matches.FirstOrDefault(m => m > from, -1);
            s = at < 0 ? s.Say("search went round to the top") : s;
            at = at < 0 ? matches[0] : at;
        }
        else
        {
            var from = s.SearchAt ?? (logTop + shown.Height);
            at = matches.LastOrDefault(m => m < from, -1);
            s = at < 0 ? s.Say("search went round to the bottom") : s;
            at = at < 0 ? matches[^1] : at;
        }

        var index = matches.Count(m => m <= at);
        var said = s.Message is null ? s.Say($"match {index}/{matches.Count}") : s;
        return said with { SearchAt = at, Follow = false, LogTop = Math.Clamp(at - (shown.Height / 3), 0, lastTop), Focus = Id };
    }

    /// <summary>The job, the log's modes and where the view is, for the frame's title.</summary>
    private static string? Detail(EngineSnapshot snap, DashboardState state, string? position)
    {
        var job = snap.Jobs.Count == 0 ? null : snap.Jobs[state.SelectedIndex(snap)];
        var flags = (state.Follow ? " follow" : "") + (state.Wrap ? " wrap" : "") + (state.Filter.Length > 0 ? $" &{state.Filter}" : "")
            + (state.Search.Length > 0 ? $" /{state.Search}" : "") + (position is null ? "" : $" {position}");
        return job is null ? null : $"{job.Name ?? $"{(job.Sprint is { } sprint ? sprint + " " : "")}c{job.Cycle} {job.Role?.Wire ?? "-"}"}{flags}";
    }

    private static DashboardState Scroll(DashboardState s, int top, int by, int lastTop)
    {
        var next = Math.Clamp(top + by, 0, lastTop);
        return s with { LogTop = next, Follow = next == lastTop && by > 0 };
    }

    private static IRenderable Render(IReadOnlyList<LogLine> visible, int top, DashboardState state, Theme theme, int height, string? elsewhere)
    {
        if (visible.Count == 0)
        {
            var why = state.Filter.Length > 0 ? $"no line matches \"{state.Filter}\""
                : elsewhere is not null ? $"no log in this checkout: it {elsewhere}"
                : "no output yet";
            return Pieces.Fill([Pieces.Line((why, theme.Style(ThemeRoles.TextDim)))], height);
        }

        return Pieces.Fill(visible.Skip(top).Take(height).Select((l, i) => Styled(l, state, top + i == state.SearchAt, theme)), height);
    }

    private static IRenderable Styled(LogLine line, DashboardState state, bool current, Theme theme)
    {
        var style = theme.Style(line.Kind switch
        {
            TurnLogKind.Assistant => ThemeRoles.LogAssistant,
            TurnLogKind.Tool => ThemeRoles.LogTool,
            TurnLogKind.ToolResult => ThemeRoles.LogToolResult,
            TurnLogKind.Retry => ThemeRoles.LogRetry,
            TurnLogKind.Error => ThemeRoles.LogError,
            _ => ThemeRoles.LogSystem,
        });
        var parts = new List<(string, Style)>();
        if (line.Time is { } time)
        {
            parts.Add((time.UtcDateTime.ToString("HH:mm:ss ", CultureInfo.InvariantCulture), theme.Style(ThemeRoles.LogTime)));
        }

        var text = line.Text.Length == 0 ? " " : line.Text;

        // The search's matches are marked; the one gone to last stands out as the selection does.
        var (mark, markStyle) = state.Search.Length > 0 ? (state.Search, theme.Style(current ? ThemeRoles.Selection : ThemeRoles.LogFilterMatch))
            : (state.Filter, theme.Style(ThemeRoles.LogFilterMatch));
        var at = mark.Length == 0 ? -1 : text.IndexOf(mark, StringComparison.OrdinalIgnoreCase);
        while (at >= 0)
        {
            parts.Add((text[..at], style));
            parts.Add((text.Substring(at, mark.Length), markStyle));
            text = text[(at + mark.Length)..];
            at = text.IndexOf(mark, StringComparison.OrdinalIgnoreCase);
        }

        parts.Add((text, style));
        return Pieces.Line([.. parts]);
    }
}
