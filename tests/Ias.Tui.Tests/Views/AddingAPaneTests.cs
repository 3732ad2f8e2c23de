using Ias.Core.Snapshots;
using Ias.Tui.Dashboard;
using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Views;

/// <summary>
/// A fifth pane is its own file (<see cref="WorkPane"/>), one registry line and its golden screens: focus cycling, its
/// number key, the help overlay and the key table, every layout and redraw detection pick it up with nothing else edited.
/// </summary>
public sealed class AddingAPaneTests
{
    /// <summary>The dashboard's registry with the fifth pane: the one line a new pane adds.</summary>
    public static readonly PaneRegistry Panes = new([.. PaneRegistry.Default.All, new WorkPane()]);

    private static readonly ScreenFacts Facts = new(Jobs: 4, new Dictionary<string, PaneFacts>());

    public static TheoryData<int, int> Sizes => new() { { 120, 40 }, { 80, 24 }, { 60, 20 }, { 40, 12 } };

    [Fact]
    public void Tab_and_shift_tab_cycle_through_it_and_its_number_key_focuses_it()
    {
        Assert.Equal("work", Press(new DashboardState { Focus = "rate" }, "tab").Focus);
        Assert.Equal("queue", Press(new DashboardState { Focus = "work" }, "tab").Focus);
        Assert.Equal("work", Press(new DashboardState(), "shift-tab").Focus);
        Assert.Equal("work", Press(new DashboardState(), "5").Focus);

        // The dashboard without it is as it was: 5 is no key, and tab from the rate limits comes back to the queue.
        Assert.Null(DashboardKeys.Apply(new DashboardState(), "5", Facts).State.Focus);
        Assert.Equal("queue", DashboardKeys.Apply(new DashboardState { Focus = "rate" }, "tab", Facts).State.Focus);
    }

    [Fact]
    public void Keys_reach_it_first_while_it_has_the_focus_and_the_others_get_the_rest()
    {
        var focused = Press(new DashboardState { Focus = "work" }, "w");
        Assert.Equal("work: nothing to wrap", focused.Message);
        Assert.False(focused.Wrap);

        Assert.True(Press(new DashboardState(), "w").Wrap);
        Assert.False(Press(new DashboardState { Focus = "work" }, "k").Follow);
    }

    [Fact]
    public void The_help_overlay_and_the_key_table_list_its_key()
    {
        Assert.Contains("| `5` | focus the work done |\n", Panes.Keys.Markdown());
        // Focused, it heads the help with its number key and the keys it takes for itself.
        var help = Render(new DashboardState { Focus = "work", Mode = new Mode.Overlay("help") }, 120, 40);
        Assert.Contains("Work (focused)", help);
        Assert.Contains("5         focus the work done", help);
        Assert.InRange(help.IndexOf("w         wrap long log lines", StringComparison.Ordinal), help.IndexOf("5         focus", StringComparison.Ordinal), help.IndexOf("Any pane", StringComparison.Ordinal));
        Assert.DoesNotContain("work done", PaneRegistry.Default.Keys.Markdown());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Every_layout_gives_it_a_place_of_its_own(int width, int height)
    {
        var layout = DashboardLayout.For(width, height, Panes.Focused(new DashboardState { Focus = "work" }), Panes);
        if (layout.Mode == LayoutMode.TooSmall)
        {
            Assert.Empty(layout.Panes);
            return;
        }

        var body = new Rect(0, 1, width, height - 2);
        var work = Assert.Single(layout.Panes, p => p.Pane is WorkPane).Area;
        Assert.True(work.Width > 2 && work.Height > 2, $"{work} leaves no room inside its frame");
        Assert.All(layout.Panes, p => Assert.True(Inside(p.Area, body), $"{p.Pane.Title} at {p.Area} is outside the body {body}"));
        Assert.All(layout.Panes.Where(p => p.Pane is not WorkPane), p => Assert.False(Overlap(p.Area, work), $"{p.Pane.Title} at {p.Area} overlaps {work}"));
        Assert.Equal(layout.Mode == LayoutMode.Single ? 1 : 5, layout.Panes.Count);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void The_dashboard_with_a_fifth_pane(int width, int height) =>
        GoldenScreen.Assert($"fifth-pane-{width}x{height}", Render(new DashboardState { Focus = "work" }, width, height));

    [Fact]
    public void A_change_to_what_it_shows_redraws_the_dashboard()
    {
        var before = Fixtures.Running();
        var after = before with { Status = before.Status with { Run = before.Status.Run! with { Commits = 3 } } };
        var withIt = new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256, Panes);
        var without = new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256);

        Assert.NotEqual(withIt.Fingerprint(before), withIt.Fingerprint(after));
        Assert.Equal(without.Fingerprint(before), without.Fingerprint(after));
    }

    [Fact]
    public void A_number_key_taken_already_is_refused_with_both_bindings_named()
    {
        var clash = Assert.Throws<ArgumentException>(() => new PaneRegistry([.. PaneRegistry.Default.All, new WorkPane(), new WorkPane()]));
        Assert.Contains("two panes are named work", clash.Message);

        var taken = Assert.Throws<ArgumentException>(() => new PaneRegistry([new QueuePane(), new LogPane(), new RatePane(), new BreakerPane(), new KeyedPane("h")]));
        Assert.Contains("key h is bound twice, to \"halt after the current phase\" and to \"focus the keyed pane\"", taken.Message);
    }

    private static DashboardState Press(DashboardState state, string key) => DashboardKeys.Apply(state, key, Facts, Panes).State;

    private static string Render(DashboardState state, int width, int height)
    {
        var buffer = new CellBuffer(width, height);
        new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256, Panes).Render(buffer, Fixtures.Running(), state, Fixtures.Log());
        return buffer.ToText();
    }

    private static bool Inside(Rect r, Rect outer) =>
        r.X >= outer.X && r.Y >= outer.Y && r.X + r.Width <= outer.X + outer.Width && r.Y + r.Height <= outer.Y + outer.Height;

    private static bool Overlap(Rect a, Rect b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    /// <summary>A pane that wants a key of its own, to show what a clash says.</summary>
    private sealed class KeyedPane(string key) : IPane
    {
        public string Id => "keyed";

        public string Title => "Keyed";

        public string Key => key;

        public string KeyDescription => "focus the keyed pane";

        public IReadOnlyList<DashboardCommand> Commands => [];

        public PaneSlot Slot { get; } = new(WideColumn.Right, null, StackBand.Middle, null);

        public PaneContent Render(PaneRenderContext context) => new(Pieces.Fill([], context.Height));

        public DashboardState? Handle(PaneKeyContext context) => null;

        public string Fingerprint(EngineSnapshot snapshot) => "";
    }
}
