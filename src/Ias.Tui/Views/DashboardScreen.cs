using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views;

/// <summary>
/// Draws one whole frame into a cell buffer from a snapshot, the keyboard state and the selected job's log: the header,
/// the registry's panes where the layout puts them, the footer, and help or a confirm dialog over them.
/// </summary>
public sealed class DashboardScreen(Theme theme, Glyphs glyphs, ColorMode colorMode, PaneRegistry? panes = null)
{
    public PaneRegistry Panes { get; } = panes ?? PaneRegistry.Default;

    public ScreenFacts Render(CellBuffer buffer, EngineSnapshot snap, DashboardState state, IReadOnlyCollection<LogLine> log, BranchSight? branch = null, RunsSight? runs = null)
    {
        buffer.Clear();
        var focus = Panes.Focused(state);
        var layout = DashboardLayout.For(buffer.Width, buffer.Height, focus, Panes);
        if (layout.Mode == LayoutMode.TooSmall)
        {
            TooSmall(buffer);
            return ScreenFacts.None with { Jobs = snap.Jobs.Count };
        }

        Paint(buffer, layout.Header, Header.Render(snap, theme, $" {glyphs.Separator} ", buffer.Width));
        if (layout.Tabs is { } tabs)
        {
            Paint(buffer, tabs, TabStrip(focus));
        }

        var shown = new Dictionary<string, PaneFacts>(StringComparer.Ordinal);
        foreach (var (pane, rect) in layout.Panes)
        {
            var inner = new Rect(rect.X + 1, rect.Y + 1, Math.Max(0, rect.Width - 2), Math.Max(0, rect.Height - 2));
            var content = pane.Render(new PaneRenderContext(snap, state, log, theme, glyphs, inner.Width, inner.Height));
            shown[pane.Id] = new PaneFacts(content.Lines, inner.Height, inner.Width) { Matches = content.Matches };
            Paint(buffer, rect, Framed(pane, content.Body, pane == focus, content.Detail));
        }

        Paint(buffer, layout.Footer, Footer(state, snap, buffer.Width));
        var helpLastTop = 0;
        if (state.Help)
        {
            helpLastTop = Help(buffer, state.HelpTop);
        }
        else if (state.Confirm is { } confirm)
        {
            Dialog(buffer, confirm.Confirm!);
        }
        else if (state.Branch && branch is not null)
        {
            return Branch(buffer, branch, state) with { Jobs = snap.Jobs.Count, Panes = shown };
        }
        else if (state.Inbox)
        {
            var width = Math.Min(buffer.Width - 2, 120) - 2;
            var (rows, title, selected) = InboxOverlay.Rows(snap.Questions, state, snap.Status.Now, theme, width, buffer.Height - 4);
            Overlay(buffer, rows, title, selected, 0);
            return new ScreenFacts(snap.Jobs.Count, shown) { Questions = [.. snap.Questions.Select(q => q.Id)] };
        }
        else if (state.Runs && runs is not null)
        {
            var (rows, title, selected) = RunsOverlay.Rows(runs, state, theme, glyphs, Math.Min(buffer.Width - 2, 120) - 2);
            Overlay(buffer, rows, title, selected, 0);
            return new ScreenFacts(snap.Jobs.Count, shown) { Runs = runs.Runs };
        }

        return new ScreenFacts(snap.Jobs.Count, shown, helpLastTop);
    }

    /// <summary>
    /// Text that changes whenever a frame drawn from <paramref name="snap"/> could look different: the clock's second,
    /// the run's state and activity (the header and the footer), the engine's life, and what each pane shows.
    /// </summary>
    public string Fingerprint(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        var s = snap.Status;
        return string.Join('|', s.Now.ToUnixTimeSeconds(), s.Run?.LastActivity.UtcTicks, s.Run?.State, s.Run?.Phase, s.EngineAlive, Panes.Fingerprint(snap));
    }

    private Panel Framed(IPane pane, IRenderable content, bool focused, string? detail)
    {
        var title = $" {pane.Key} {pane.Title}{(detail is null ? "" : $" - {detail}")} ";
        return new Panel(content)
        {
            Border = glyphs.Box,
            BorderStyle = theme.Style(focused ? ThemeRoles.PaneBorderFocused : ThemeRoles.PaneBorder),
            Header = new PanelHeader(Pieces.Title(title, theme.Style(focused ? ThemeRoles.PaneTitleFocused : ThemeRoles.PaneTitle))),
            Padding = new Padding(0, 0, 0, 0),
            Expand = true,
        };
    }

    private OneLine TabStrip(IPane focus) =>
        Pieces.Line([.. Panes.All.Select(p => ($" {p.Key} {p.Title} ", theme.Style(p == focus ? ThemeRoles.Selection : ThemeRoles.TextDim)))]);

    private OneLine Footer(DashboardState state, EngineSnapshot snap, int width)
    {
        if (state.EditingFilter || state.EditingSearch)
        {
            var (key, text, what) = state.EditingSearch ? ("/", state.Search, "search") : ("&", state.Filter, "filter");
            return Pieces.Line((key, theme.Style(ThemeRoles.FooterKey)), (text + "_", theme.Style(ThemeRoles.FooterText)),
                ($"   enter {(state.EditingSearch ? "go" : "keep")} · esc clears the {what}", theme.Style(ThemeRoles.TextDim)));
        }

        if (state.EditingAnswer)
        {
            // A question answered elsewhere while this answer is typed says so, rather than the line vanishing under the typing.
            var asked = state.Asking is { } id ? snap.Questions.FirstOrDefault(q => q.Id == id) : snap.Questions.FirstOrDefault();
            var what = asked is null ? $"{state.Asking ?? "the question"} no longer waits " : $"{asked.Id} asks: {asked.Question.Split('\n')[0]} ";
            return Pieces.Line((what, theme.Style(ThemeRoles.DialogText)), ("answer: ", theme.Style(ThemeRoles.FooterKey)),
                (state.Answer + "_", theme.Style(ThemeRoles.FooterText)), ("   enter sends · esc cancels", theme.Style(ThemeRoles.TextDim)));
        }

        if (state.Confirm is { } c)
        {
            return Pieces.Line((c.Confirm!, theme.Style(ThemeRoles.DialogText)), (" y/N", theme.Style(ThemeRoles.FooterKey)));
        }

        // Help and quit always stay on the line, so a message gets the rest.
        var room = Math.Max(10, width - Panes.Keys.Footer(0).Sum(h => h.Keys.Length + h.Description.Length + 3) - 2);
        var parts = new List<(string, Style)>();
        if (state.Message is { } m)
        {
            parts.Add((ShortText.CutAtWord(m, room) + "  ", theme.Style(ThemeRoles.LogSystem)));
        }

        foreach (var (keys, what) in Panes.Keys.Footer(width - parts.Sum(p => p.Item1.Length), snap))
        {
            parts.Add((keys, theme.Style(ThemeRoles.FooterKey)));
            parts.Add(($" {what}  ", theme.Style(ThemeRoles.FooterText)));
        }

        return Pieces.Line([.. parts]);
    }

    /// <summary>Draws the overlay from binding <paramref name="top"/> on; returns how far it can scroll (0: all fit).</summary>
    private int Help(CellBuffer buffer, int top)
    {
        // One column when it fits, two when the terminal is short but wide; shorter still, j/k scroll it.
        var bindings = Panes.Keys.All;
        var width = Math.Min(buffer.Width - 2, 100);
        var legend = Legend(width - 2).ToList();
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
        top = Math.Clamp(top, 0, lastTop);
        var title = lastTop == 0 ? " keys - esc closes " : $" keys {top + 1}-{top + visible}/{rows.Count} j/k - esc closes ";
        var area = new Rect((buffer.Width - width) / 2, (buffer.Height - height) / 2, width, height);
        Dialog(buffer, area, rows.Skip(top), visible, title);
        return lastTop;
    }

    /// <summary>Draws the branch overlay: the list with its selection kept in view, or the opened commit from its top line.</summary>
    private ScreenFacts Branch(CellBuffer buffer, BranchSight sight, DashboardState state)
    {
        var (rows, title, selected) = BranchOverlay.Rows(sight, state, theme, Math.Min(buffer.Width - 2, 120) - 2);
        var (lastTop, visible) = Overlay(buffer, rows, title, selected, state.BranchTop);
        return ScreenFacts.None with { BranchShas = [.. sight.View.Commits.Select(c => c.Sha)], BranchScroll = (lastTop, visible) };
    }

    /// <summary>A bordered box of <paramref name="visible"/> rows with <paramref name="title"/> in its top border, over whatever is below it.</summary>
    private void Dialog(CellBuffer buffer, Rect area, IEnumerable<IRenderable> rows, int visible, string title) =>
        Paint(buffer, area, new Panel(Pieces.Fill(rows, visible))
        {
            Border = glyphs.Box,
            BorderStyle = theme.Style(ThemeRoles.DialogBorder),
            Header = new PanelHeader(Pieces.Title(title, theme.Style(ThemeRoles.HelpTitle))),
            Padding = new Padding(0, 0, 0, 0),
            Expand = true,
        });

    /// <summary>
    /// Draws a list over the panes, below the header: scrolled to keep row <paramref name="selected"/> in view, or when
    /// none is (-1) from row <paramref name="top"/>; returns how far it can scroll and how many rows it shows.
    /// </summary>
    private (int LastTop, int Visible) Overlay(CellBuffer buffer, IReadOnlyList<IRenderable> rows, string title, int selected, int top)
    {
        var width = Math.Min(buffer.Width - 2, 120);
        var height = buffer.Height - 2;
        var visible = Math.Max(1, height - 2);
        var lastTop = Math.Max(0, rows.Count - visible);
        top = selected >= 0 ? Math.Clamp(selected - visible + 1, 0, lastTop) : Math.Clamp(top, 0, lastTop);
        var area = new Rect((buffer.Width - width) / 2, 1, width, height);
        Dialog(buffer, area, rows.Skip(top), visible, title);
        return (lastTop, visible);
    }

    /// <summary>The queue's marks in words, as many to a line as <paramref name="width"/> holds.</summary>
    private IEnumerable<string> Legend(int width)
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

    private void Dialog(CellBuffer buffer, string question)
    {
        var width = Math.Min(buffer.Width - 2, Math.Max(30, question.Length + 4));
        var area = new Rect((buffer.Width - width) / 2, (buffer.Height - 4) / 2, width, 4);
        Paint(buffer, area, new Panel(new Rows(
            Pieces.Line((question, theme.Style(ThemeRoles.DialogText))),
            Pieces.Line(("y", theme.Style(ThemeRoles.DialogChoice)), (" yes   ", theme.Style(ThemeRoles.DialogText)), ("N", theme.Style(ThemeRoles.DialogChoiceFocused)), (" no (any other key)", theme.Style(ThemeRoles.DialogText)))))
        {
            Border = glyphs.Box,
            BorderStyle = theme.Style(ThemeRoles.DialogBorder),
            Header = new PanelHeader(Pieces.Title(" confirm ", theme.Style(ThemeRoles.DialogTitle))),
            Padding = new Padding(0, 0, 0, 0),
            Expand = true,
        });
    }

    private void TooSmall(CellBuffer buffer)
    {
        var style = theme.Style(ThemeRoles.TooSmall);
        string[] lines =
        [
            "terminal too small",
            $"{buffer.Width}×{buffer.Height}, needs {DashboardLayout.MinWidth}×{DashboardLayout.MinHeight}",
            "q quits",
        ];
        var top = Math.Max(0, (buffer.Height - lines.Length) / 2);
        for (var i = 0; i < lines.Length && top + i < buffer.Height; i++)
        {
            var text = lines[i].Length > buffer.Width ? lines[i][..buffer.Width] : lines[i];
            buffer.Put(Math.Max(0, (buffer.Width - text.Length) / 2), top + i, text, style);
        }
    }

    private void Paint(CellBuffer buffer, Rect area, IRenderable widget) =>
        SpectrePainter.Paint(buffer, area, widget, colorMode, unicode: glyphs != Glyphs.Ascii);
}
