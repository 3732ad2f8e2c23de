using Ias.Core.Reports;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views.Overlays;
using Ias.Tui.Views.Panes;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views;

/// <summary>
/// Draws one whole frame into a cell buffer from a snapshot, the keyboard state and the selected job's log: the header,
/// the registry's panes where the layout puts them, the footer, and help or a confirm dialog over them.
/// </summary>
public sealed class DashboardScreen(Theme theme, Glyphs glyphs, ColorMode colorMode, PaneRegistry? panes = null, OverlayRegistry? overlays = null)
{
    public PaneRegistry Panes { get; } = panes ?? PaneRegistry.Default;

    public OverlayRegistry Overlays { get; } = overlays ?? OverlayRegistry.Default;

    /// <summary>Draws the frame; an open overlay reads what it shows besides the snapshot from <paramref name="sources"/>.</summary>
    public ScreenFacts Render(CellBuffer buffer, EngineSnapshot snap, DashboardState state, IReadOnlyCollection<LogLine> log, IOverlaySources? sources = null)
    {
        buffer.Clear();
        var painter = new ScreenPainter(buffer, theme, glyphs, colorMode);
        var focus = Panes.Focused(state);
        var layout = DashboardLayout.For(buffer.Width, buffer.Height, focus, Panes);
        if (layout.Mode == LayoutMode.TooSmall)
        {
            TooSmall(buffer);
            return ScreenFacts.None with { Jobs = snap.Jobs.Count };
        }

        painter.Paint(layout.Header, Header.Render(snap, theme, $" {glyphs.Separator} ", buffer.Width, state.Launch, state.Checkout));
        if (layout.Tabs is { } tabs)
        {
            painter.Paint(tabs, TabStrip(focus));
        }

        var shown = new Dictionary<string, PaneFacts>(StringComparer.Ordinal);
        foreach (var (pane, rect) in layout.Panes)
        {
            var inner = new Rect(rect.X + 1, rect.Y + 1, Math.Max(0, rect.Width - 2), Math.Max(0, rect.Height - 2));
            var content = pane.Render(new PaneRenderContext(snap, state, log, theme, glyphs, inner.Width, inner.Height));
            shown[pane.Id] = new PaneFacts(content.Lines, inner.Height, inner.Width) { Matches = content.Matches, Area = inner };
            painter.Paint(rect, Framed(pane, content.Body, pane == focus, content.Detail));
        }

        painter.Paint(layout.Footer, Footer(state, snap, buffer.Width));
        var facts = new ScreenFacts(snap.Jobs.Count, shown);
        if (state.Mode is Mode.Confirming { Asks: { } question })
        {
            Dialog(painter, question);
        }
        else if (state.Mode.Shown() is { } open
            && Overlays.Of(open.Id).Render(new OverlayRenderContext(snap, state, open, sources ?? NoSources.Instance, Panes, painter)) is { } overlay)
        {
            return facts with { Overlay = overlay };
        }

        return facts;
    }

    /// <summary>
    /// Text that changes whenever a frame drawn from <paramref name="snap"/> with <paramref name="mode"/> could look
    /// different: what the header shows (the run's state, activity and runtime, the queue run, questions, spend), what
    /// each pane shows, and the clock's second while anything on screen moves with it (see <see cref="Ticking"/>). A
    /// finished run's screen then lays out no frame until something changes.
    /// </summary>
    public string Fingerprint(EngineSnapshot snap, Mode? mode = null)
    {
        ArgumentNullException.ThrowIfNull(snap);
        var s = snap.Status;
        return string.Join('|', Ticking(snap, mode) ? s.Now.ToUnixTimeSeconds() : null, (long?)s.Runtime?.TotalSeconds,
            s.Run?.LastActivity.UtcTicks, s.Run?.State, s.Run?.Phase, s.EngineAlive, snap.Queue?.Run, snap.Queue?.RunnerAlive,
            snap.Questions.Count, snap.Spend, snap.Bug?.State, snap.Past, snap.Agent, Panes.Fingerprint(snap));
    }

    /// <summary>
    /// True while something on screen can change with the clock alone: an engine or a queue's runners at work (its
    /// durations, its countdowns, rows that read files), a job without an end (its duration counts on), a live overlay.
    /// </summary>
    private bool Ticking(EngineSnapshot snap, Mode? mode) =>
        snap.Status.EngineAlive
        || snap.Queue is { RunnerAlive: true } or { Runners.Count: > 0 }
        || RowsLook.Of(snap.Jobs).Unended
        || (mode?.Shown() is { } open && Overlays.Of(open.Id).Live);

    private Panel Framed(IPane pane, IRenderable content, bool focused, string? detail)
    {
        var title = $" {pane.Key} {pane.Title}{(detail is null ? "" : $" - {detail}")} ";
        return new Panel(content)
        {
            Border = glyphs.Box,
            BorderStyle = theme.Style(focused ? ThemeRoles.PaneBorderFocused : ThemeRoles.PaneBorder),
            Header = new PanelHeader(Pieces.Title(glyphs.Text(title), theme.Style(focused ? ThemeRoles.PaneTitleFocused : ThemeRoles.PaneTitle))),
            Padding = new Padding(0, 0, 0, 0),
            Expand = true,
        };
    }

    private OneLine TabStrip(IPane focus) =>
        Pieces.Line([.. Panes.All.Select(p => ($" {p.Key} {p.Title} ", theme.Style(p == focus ? ThemeRoles.Selection : ThemeRoles.TextDim)))]);

    private OneLine Footer(DashboardState state, EngineSnapshot snap, int width)
    {
        if (state.Mode is Mode.Typing { Line: { Purpose: not LinePurpose.Answer } line })
        {
            var (key, what) = line.Purpose == LinePurpose.Search ? ("/", "search") : ("&", "filter");
            return Pieces.Line((key, theme.Style(ThemeRoles.FooterKey)), (line.Text + "_", theme.Style(ThemeRoles.FooterText)),
                ($"   enter {(line.Purpose == LinePurpose.Search ? "go" : "keep")} · esc clears the {what}", theme.Style(ThemeRoles.TextDim)));
        }

        if (state.Mode is Mode.Typing { Line: { } answer })
        {
            // A question answered elsewhere while this answer is typed says so, rather than the line vanishing under the typing.
            var asked = answer.Asking is { } id ? snap.Questions.FirstOrDefault(q => q.Id == id) : snap.Questions.FirstOrDefault();
            var what = asked is null ? $"{answer.Asking ?? "the question"} no longer waits " : $"{asked.Id} asks: {asked.Question.Split('\n')[0]} ";
            return Pieces.Line((what, theme.Style(ThemeRoles.DialogText)), ("answer: ", theme.Style(ThemeRoles.FooterKey)),
                (answer.Text + "_", theme.Style(ThemeRoles.FooterText)), ("   enter sends · esc cancels", theme.Style(ThemeRoles.TextDim)));
        }

        if (state.Mode is Mode.Confirming { Asks: { } question })
        {
            return Pieces.Line((question, theme.Style(ThemeRoles.DialogText)), (" y/N", theme.Style(ThemeRoles.FooterKey)));
        }

        // Help and quit always stay on the line, so a message gets the rest.
        var keysWidth = Panes.Keys.Footer(0).Sum(h => h.Keys.Length + h.Description.Length + 3);
        var parts = new List<(string, Style)>();
        if (state.Replay is { } replay)
        {
            parts.Add((ReplayLine(replay, width - keysWidth), theme.Style(ThemeRoles.FooterKey)));
        }

        var room = Math.Max(10, width - keysWidth - parts.Sum(p => p.Item1.Length) - 2);
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

    /// <summary>
    /// The replay's time cursor in <paramref name="room"/> columns: playing or paused, the speed, the moment's time (UTC), a
    /// bar with the moment's place in the run, and which moment of how many (`▶ 1x 02:14:07 ───●──── 12/48`).
    /// </summary>
    private string ReplayLine(ReplayCursor replay, int room)
    {
        var moment = replay.Moment;
        var play = replay.Paused ? "||" : glyphs.Watched;
        var head = $"{play} {replay.Speed.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}x {moment.At.UtcDateTime:HH:mm:ss} ";
        var tail = $" {moment.Index + 1}/{moment.Count} ";
        var bar = Math.Clamp(room - head.Length - tail.Length, 1, 20);
        var at = moment.Count <= 1 ? bar - 1 : (int)Math.Round((double)moment.Index / (moment.Count - 1) * (bar - 1));
        return glyphs.Text(head + new string('─', at) + "●" + new string('─', bar - at - 1) + tail);
    }

    private void Dialog(ScreenPainter painter, string question)
    {
        var buffer = painter.Buffer;
        var width = Math.Min(buffer.Width - 2, Math.Max(30, question.Length + 4));
        var area = new Rect((buffer.Width - width) / 2, (buffer.Height - 4) / 2, width, 4);
        painter.Paint(area, new Panel(new Rows(
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
            var text = glyphs.Text(lines[i].Length > buffer.Width ? lines[i][..buffer.Width] : lines[i]);
            buffer.Put(Math.Max(0, (buffer.Width - text.Length) / 2), top + i, text, style);
        }
    }

    /// <summary>For a frame drawn without them (tests of the panes): an overlay that needs them draws nothing.</summary>
    private sealed class NoSources : IOverlaySources
    {
        public static NoSources Instance { get; } = new();

        public BranchSight? Branch(EngineSnapshot snap, string? opened) => null;

        public BranchSight? JobBranch(EngineSnapshot snap, string job, string? opened) => null;

        public RunsSight? Runs() => null;

        public MorningReport? Report() => null;

        public TurnEnd? Turn(string jobDir, int stderrLines) => null;
    }
}
