using Ias.Core.Snapshots;
using Ias.Core.Turns;
using Ias.Tui.Dashboard;
using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;
using Ias.Tui.Views.Overlays;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Views;

/// <summary>In ASCII (--ascii, or a locale that is not UTF-8) every screen the dashboard can show is ASCII alone, an agent's text too.</summary>
public sealed class AsciiScreenTests : IDisposable
{
    private readonly RecordedRun _run = new();
    private readonly RecordedQueue _queue = new();

    public void Dispose()
    {
        _run.Dispose();
        _queue.Dispose();
    }

    public static TheoryData<int, int> Sizes => new() { { 120, 40 }, { 80, 24 }, { 60, 20 }, { 40, 12 }, { 30, 8 } };

    /// <summary>A log whose agent wrote outside ASCII: accents, a dash, arrows, a wide script, an emoji with a skin tone, a symbol with a variation selector.</summary>
    private static readonly LogLine[] ForeignLog =
    [
        .. Fixtures.Log(),
        new(TurnLogKind.Assistant, "naïve café — 日本語 👍🏽 ⚠️ → done…") { Time = Fixtures.Now },
    ];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_screen_and_overlay_is_ascii_alone(int width, int height)
    {
        foreach (var (name, snap, state, sight) in Screens())
        {
            var buffer = new CellBuffer(width, height);
            var screen = new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Ascii, ColorMode.NoColor);
            screen.Render(buffer, snap, state, ForeignLog, sight);
            var text = buffer.ToText();
            var bad = text.Where(c => c >= 0x80).Distinct().Select(c => $"'{c}' (U+{(int)c:X4})").ToList();
            Assert.True(bad.Count == 0, $"{name} at {width}x{height} draws {string.Join(", ", bad)}:\n{text}");
        }
    }

    [Fact]
    public void Ascii_spells_the_symbols_out_and_an_agents_accents_without_them()
    {
        var screen = new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Ascii, ColorMode.NoColor);
        var buffer = new CellBuffer(120, 40);
        screen.Render(buffer, Fixtures.Running(), new DashboardState { Focus = "log" }, ForeignLog);
        Assert.Contains("naive cafe -- ??? ? ! -> done...", buffer.ToText());

        // The queue pane's title counts the rows out of view, above and below.
        var queue = new CellBuffer(80, 24);
        screen.Render(queue, Fixtures.Queue(), new DashboardState { Follow = false, Selected = 8 }, ForeignLog);
        Assert.Matches(@" \^\d+ ", queue.ToText());
    }

    private IEnumerable<(string Name, EngineSnapshot Snap, DashboardState State, OverlaySight Sight)> Screens()
    {
        var none = new OverlaySight();
        var keys = PaneRegistry.Default.Keys;
        foreach (var (name, snap) in new[]
        {
            ("running", Fixtures.Running()), ("budget", Fixtures.Budgeted()), ("tripped", Fixtures.Tripped()), ("plan", Fixtures.InPlan()),
            ("done", Fixtures.Done()), ("halted", Fixtures.HaltedByKey()), ("crashed", Fixtures.Crashed()), ("ended", Fixtures.Ended()),
            ("complete", Fixtures.Complete()), ("queue", Fixtures.Queue()), ("queue tripped", Fixtures.QueueTripped()), ("inbox", Fixtures.Inbox()),
            ("past", Fixtures.Past()),
        })
        {
            yield return (name, snap, new DashboardState(), none);
            yield return ($"{name}, log focused", snap, new DashboardState { Focus = "log", Follow = false, Selected = 1 }, none);
        }

        var why = new OverlaySight(Ended: Fixtures.CrashedTurn);
        yield return ("help", Fixtures.Queue(), new DashboardState { Mode = new Mode.Overlay("help") }, none);
        yield return ("inbox overlay", Fixtures.Inbox(), new DashboardState { Mode = new Mode.Overlay("inbox") }, none);
        yield return ("runs overlay", Fixtures.Queue(), new DashboardState { Mode = new Mode.Overlay("runs", Selected: 2), Checkout = "api" }, new OverlaySight(RunsShown: new RunsSight(Fixtures.AllRuns(), 0)));
        yield return ("why overlay", Fixtures.Crashed(), new DashboardState { Mode = new Mode.Overlay("why") }, why);
        yield return ("report overlay", Fixtures.Queue(), new DashboardState { Mode = new Mode.Overlay("report") }, new OverlaySight(Morning: ReportOverlayTests.Night));
        yield return ("branch overlay", Fixtures.Done(), new DashboardState { Mode = new Mode.Overlay("branch", Selected: 1) }, new OverlaySight(BranchOverlayTests.View));
        yield return ("a commit's patch", Fixtures.Done(), new DashboardState { Mode = new Mode.Overlay("branch", Opened: "b1b1b1b1b1b1b1b1") }, new OverlaySight(BranchOverlayTests.View, BranchOverlayTests.Patch));
        yield return ("confirm halt", Fixtures.Running(), new DashboardState { Mode = new Mode.Confirming(keys.Of(DashboardCommand.HaltNow)) }, none);
        yield return ("confirm start", Fixtures.Queue(), new DashboardState { Mode = new Mode.Confirming(keys.Of(DashboardCommand.StartRunner), RunnerKeys.StartQuestion(Fixtures.Queue())) }, none);
        yield return ("search", Fixtures.Running(), new DashboardState { Search = "é", Mode = new Mode.Typing(new LineEditor(LinePurpose.Search, "é"), Mode.Panes) }, none);
        yield return ("filter", Fixtures.Running(), new DashboardState { Filter = "→", Mode = new Mode.Typing(new LineEditor(LinePurpose.Filter, "→"), Mode.Panes) }, none);
        yield return ("answer", Fixtures.Inbox(), new DashboardState { Mode = new Mode.Typing(new LineEditor(LinePurpose.Answer, "oui, déjà"), Mode.Panes) }, none);
        yield return ("replay", Fixtures.Running(), new DashboardState { Replay = new ReplayCursor(_run.Timeline, Index: 5) }.Say(DashboardApp.Replaying(_run.Timeline)), none);
        yield return ("replay paused", Fixtures.Done(), new DashboardState { Replay = new ReplayCursor(_run.Timeline, Index: 10, Paused: true) }, none);
        yield return ("queue replay", _queue.Timeline.At(8), new DashboardState { Replay = new ReplayCursor(_queue.Timeline, Index: 8) }, none);
    }
}
