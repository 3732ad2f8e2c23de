using Ias.Core.Snapshots;
using Ias.Tui.Input;
using Ias.Tui.Theming;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views;

/// <summary>
/// The selected job's log for people: filter, follow (stay at the end), wrap or crop. Enter opens it and / filters it
/// from any pane; the moving keys scroll it while it has the focus, and esc there clears the filter and goes back to the
/// first pane.
/// </summary>
public sealed class LogPane : IPane
{
    public string Id => "log";

    public string Title => "Log";

    public string Key => "2";

    public string KeyDescription => "focus the log";

    public PaneSlot Slot { get; } = new(WideColumn.Right, WideRows: null, StackBand.Middle, StackedRows: null);

    public PaneContent Render(PaneRenderContext context)
    {
        var (snap, state, log, theme, _, width, height) = context;
        var visible = Visible(log, state.Filter, state.Wrap, width);
        var top = state.Follow ? Math.Max(0, visible.Count - height) : Math.Min(state.LogTop, Math.Max(0, visible.Count - height));
        return new PaneContent(Render(visible, top, state.Filter, theme, height), visible.Count, Detail(snap, state));
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
            (DashboardCommand.Back, _) => s with { Filter = "", Focus = focused ? panes.All[0].Id : s.Focus },
            (DashboardCommand.Filter, _) => s with { EditingFilter = true, Focus = Id },
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

    /// <summary>The lines the pane can show after filter and wrap, in order.</summary>
    public static IReadOnlyList<LogLine> Visible(IEnumerable<LogLine> lines, string filter, bool wrap, int width)
    {
        var kept = filter.Length == 0 ? lines : lines.Where(l => l.Text.Contains(filter, StringComparison.OrdinalIgnoreCase));
        if (!wrap || width < 2)
        {
            return kept as IReadOnlyList<LogLine> ?? kept.ToList();
        }

        var wrapped = new List<LogLine>();
        foreach (var l in kept)
        {
            if (l.Text.Length <= width)
            {
                wrapped.Add(l);
                continue;
            }

            for (var i = 0; i < l.Text.Length; i += width)
            {
                wrapped.Add(l with { Text = l.Text.Substring(i, Math.Min(width, l.Text.Length - i)) });
            }
        }

        return wrapped;
    }

    /// <summary>The job and the log's modes, for the frame's title.</summary>
    private static string? Detail(EngineSnapshot snap, DashboardState state)
    {
        var job = snap.Jobs.Count == 0 ? null : snap.Jobs[state.SelectedIndex(snap)];
        var flags = (state.Follow ? " follow" : "") + (state.Wrap ? " wrap" : "") + (state.Filter.Length > 0 ? $" /{state.Filter}" : "");
        return job is null ? null : $"c{job.Cycle} {job.Role}{flags}";
    }

    private static DashboardState Scroll(DashboardState s, int top, int by, int lastTop)
    {
        var next = Math.Clamp(top + by, 0, lastTop);
        return s with { LogTop = next, Follow = next == lastTop && by > 0 };
    }

    private static IRenderable Render(IReadOnlyList<LogLine> visible, int top, string filter, Theme theme, int height)
    {
        if (visible.Count == 0)
        {
            var why = filter.Length > 0 ? $"no line matches \"{filter}\"" : "no output yet";
            return Pieces.Fill([Pieces.Line((why, theme.Style(ThemeRoles.TextDim)))], height);
        }

        return Pieces.Fill(visible.Skip(top).Take(height).Select(l => Styled(l, filter, theme)), height);
    }

    private static IRenderable Styled(LogLine line, string filter, Theme theme)
    {
        var style = theme.Style(line.Kind switch
        {
            LogKind.Assistant => ThemeRoles.LogAssistant,
            LogKind.Tool => ThemeRoles.LogTool,
            LogKind.ToolResult => ThemeRoles.LogToolResult,
            LogKind.Retry => ThemeRoles.LogRetry,
            LogKind.Error => ThemeRoles.LogError,
            _ => ThemeRoles.LogSystem,
        });
        var text = line.Text.Length == 0 ? " " : line.Text;
        var at = filter.Length == 0 ? -1 : text.IndexOf(filter, StringComparison.OrdinalIgnoreCase);
        return at < 0
            ? Pieces.Line((text, style))
            : Pieces.Line((text[..at], style), (text.Substring(at, filter.Length), theme.Style(ThemeRoles.LogFilterMatch)), (text[(at + filter.Length)..], style));
    }
}
