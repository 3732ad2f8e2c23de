using Ias.Core.Reports;
using Ias.Tui.Dashboard;
using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;
using Ias.Tui.Views.Overlays;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Views;

/// <summary>
/// The morning report over the panes (m): the lines `ias report` prints, at every size, scrolled with the moving keys;
/// closing it asks for the report to be marked read.
/// </summary>
public sealed class ReportOverlayTests
{
    /// <summary>A night of a queue run: a question, a tripped plan, a finished sprint, jobs done and failed, and what it cost.</summary>
    public static MorningReport Night { get; } = new("/work/shop", Fixtures.Now.AddHours(-9), Fixtures.Now)
    {
        Needs =
        [
            new Need(NeedKind.Question, Fixtures.Now.AddHours(-2), "night", "Which cache, Redis or memory?", "ias answer D1 \"…\"") { Id = "D1" },
            new Need(NeedKind.Tripped, Fixtures.Now.AddHours(-3), "run-20261122-031500", "plan: TRIPPED — same issue", "ias run-resume --reset-ice"),
        ],
        Finished = [new FinishedRun("sprint", "run-20261122-013000", "DONE — passed, draft PR opened", Fixtures.Now.AddHours(-7), "https://github.com/acme/shop/pull/41")],
        Jobs = [new JobTally("night", null, 7, [new FailureGroup("network", "connection reset by peer", ["0003", "0006"])], ["https://github.com/acme/shop/pull/42"])],
        Agents = [new AgentUse("sim", null, 12, 48_200, 9_100, 0.42m, TimeSpan.FromMinutes(31))],
        Runs = [new RunCost("night", 0.42m, 5m)],
        Today = (0.42m, 20m),
    };

    private static readonly OverlaySight Sight = new(Morning: Night);

    [Theory]
    [MemberData(nameof(DashboardScreenTests.Sizes), MemberType = typeof(DashboardScreenTests))]
    public void The_report_shows_over_the_panes_as_ias_report_prints_it(int width, int height)
    {
        var text = Render(new DashboardState { Mode = new Mode.Overlay("report") }, width, height, Sight);

        GoldenScreen.Assert($"report-{width}x{height}", text);
        Assert.Contains(" report - j/k scroll - esc closes ", text);
    }

    [Fact]
    public void At_120_columns_every_line_of_the_report_shows_at_once()
    {
        var text = Render(new DashboardState { Mode = new Mode.Overlay("report") }, 120, 40, Sight);

        Assert.All(ReportText.Lines(Night).Where(l => l.Length > 0), l => Assert.Contains(l, text));
        Assert.Contains("NEEDS YOU (2)", text);
    }

    [Fact]
    public void A_line_too_long_keeps_its_columns_and_its_rest_hangs_under_it_apart_from_the_command_below()
    {
        Assert.Equal(
            [
                "  HALTED   20261126-4d4cb1, since 04:53 UTC: High-risk area",
                "    detected (auth/payment/migration). Use --allow-high to",
                "    proceed.",
            ],
            ReportOverlay.Broken("  HALTED   20261126-4d4cb1, since 04:53 UTC: High-risk area detected (auth/payment/migration). Use --allow-high to proceed.", 60));
        Assert.Equal(["  queue  night: 7 job(s) done, 2 failed"], ReportOverlay.Broken("  queue  night: 7 job(s) done, 2 failed", 60));
    }

    [Fact]
    public void A_word_longer_than_the_width_is_cut_where_the_width_ends()
    {
        Assert.Equal(
            ["      1 network:", "        xxxxxxxxxxxx", "        xxxxxxxxxxxx", "        xxxxxx"],
            ReportOverlay.Broken("      1 network: " + new string('x', 30), 20));
    }

    [Fact]
    public void M_opens_it_j_scrolls_it_and_esc_closes_it_asking_for_it_to_be_marked_read()
    {
        var snap = Fixtures.Queue();
        var screen = new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256);
        var buffer = new CellBuffer(40, 12);
        ScreenFacts Draw(DashboardState s) => screen.Render(buffer, snap, s, [], Sight);

        var (state, effect) = DashboardKeys.Apply(new DashboardState(), "m", Draw(new DashboardState()), PaneRegistry.Default, snap);
        Assert.Equal("report", state.Mode.Shown()?.Id);
        Assert.Equal(DashboardEffect.None, effect);

        (state, effect) = DashboardKeys.Apply(state, "j", Draw(state), PaneRegistry.Default, snap);
        Assert.Equal(1, state.Mode.Shown()?.Top);
        Assert.Equal(DashboardEffect.None, effect);
        (state, _) = DashboardKeys.Apply(state, "G", Draw(state), PaneRegistry.Default, snap);
        Assert.Equal(Draw(state).Overlay.LastTop, state.Mode.Shown()?.Top);
        Assert.Contains("today (UTC): $0.42 of $20.00", buffer.ToText());

        foreach (var key in new[] { "esc", "q", "m" })
        {
            var (closed, read) = DashboardKeys.Apply(state, key, Draw(state), PaneRegistry.Default, snap);
            Assert.Equal(Mode.Panes, closed.Mode);
            Assert.IsType<DashboardEffect.ReportRead>(read);
        }
    }

    [Fact]
    public void Where_no_report_can_be_read_it_does_not_open_and_says_where_to_read_it()
    {
        var snap = Fixtures.Queue();
        var screen = new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256);
        var state = new DashboardState { Mode = new Mode.Overlay("report") };

        var facts = screen.Render(new CellBuffer(80, 24), snap, state, [], new OverlaySight());

        Assert.Equal("the report cannot be read here: `ias report` reads it", facts.Overlay.Declined);
        Assert.Equal(Mode.Panes, state.After(facts).Mode);
    }

    [Fact]
    public void M_is_bound_to_the_report_and_r_stays_resume_and_R_resume_resetting_the_breaker()
    {
        var keys = PaneRegistry.Default.Keys;

        Assert.Equal(DashboardCommand.Report, keys.For("m")?.Command);
        Assert.Null(keys.Of(DashboardCommand.Report).Confirm);
        Assert.Equal(DashboardCommand.Resume, keys.For("r")?.Command);
        Assert.Equal(DashboardCommand.ResumeResetIce, keys.For("R")?.Command);
        Assert.Equal("report", OverlayRegistry.Default.Opening(DashboardCommand.Report)?.Id);
    }

    private static string Render(DashboardState state, int width, int height, OverlaySight sight)
    {
        var buffer = new CellBuffer(width, height);
        new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256).Render(buffer, Fixtures.Queue(), state, [], sight);
        return buffer.ToText();
    }
}
