using Ias.Tui.Dashboard;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;
using Ias.Tui.Views.Overlays;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Views;

/// <summary>The runs list (l): the checkout's runs, live and past, the watched one marked, at every size; and a past run read-only.</summary>
public sealed class RunsOverlayTests
{
    [Theory]
    [MemberData(nameof(DashboardScreenTests.Sizes), MemberType = typeof(DashboardScreenTests))]
    public void The_list_shows_every_run_latest_active_first_with_the_watched_one_marked_and_the_selection(int width, int height)
    {
        var buffer = new CellBuffer(width, height);
        Screen().Render(buffer, Fixtures.Queue(), new DashboardState { Mode = new Mode.Overlay("runs", Selected: 1) }, Fixtures.Log(), new OverlaySight(RunsShown: new RunsSight(Fixtures.Runs(), 0)));
        var text = buffer.ToText();

        GoldenScreen.Assert($"runs-{width}x{height}", text);
        Assert.Contains("▶ queue ", text);
        if (height >= 20)
        {
            // A run halted by its breaker says TRIPPED, as its header would; one halted by a person says HALTED.
            Assert.Contains("TRIPPED", text);
            Assert.Contains("HALTED", text);
        }
    }

    [Fact]
    public void A_sprint_of_a_plan_that_finished_but_never_published_reads_complete_not_done()
    {
        var runs = Fixtures.Runs();
        var sprint = runs.First(r => r.Kind == Ias.Core.Snapshots.RunKind.Plan);
        var passed = sprint with { Run = sprint.Run! with { HaltReason = null } };
        var plan = new Ias.Core.Plans.SprintPlanState(
            "plan-20261120-090000", Ias.Core.Cycles.Lifecycle.RunState.Complete,
            [new Ias.Core.Plans.PlanSprint("sprint-2", Ias.Core.Plans.PlanSprintStatus.Completed, 6, passed.Id, passed.Run!.Branch, 6, 3)],
            null, new Ias.Core.Plans.PlanOptions(2, 2, new(20, 8)), passed.Run.Branch, Fixtures.Now.AddDays(-2), Fixtures.Now.AddDays(-2));

        string Row(Ias.Core.Snapshots.RunSummary run)
        {
            var buffer = new CellBuffer(120, 40);
            Screen().Render(buffer, Fixtures.Queue(), new DashboardState { Mode = new Mode.Overlay("runs") }, Fixtures.Log(), new OverlaySight(RunsShown: new RunsSight([run], 0)));
            return buffer.ToText().Split('\n').Single(l => l.Contains(passed.Id, StringComparison.Ordinal));
        }

        Assert.Contains("COMPLETE", Row(passed with { Plan = plan }));
        Assert.Contains("DONE", Row(passed with { Plan = plan with { State = Ias.Core.Cycles.Lifecycle.RunState.JackedOut } }));
    }

    [Theory]
    [InlineData(120, 40)]
    [InlineData(80, 24)]
    [InlineData(40, 12)]
    public void The_runs_of_every_checkout_come_under_a_heading_per_checkout_with_its_name_and_its_path_cut_to_fit(int width, int height)
    {
        var buffer = new CellBuffer(width, height);
        Screen().Render(buffer, Fixtures.Queue(), new DashboardState { Mode = new Mode.Overlay("runs", Selected: 2), Checkout = "api" }, Fixtures.Log(), new OverlaySight(RunsShown: new RunsSight(Fixtures.AllRuns(), 0)));
        var text = buffer.ToText();

        GoldenScreen.Assert($"runs-all-{width}x{height}", text);
        Assert.Contains("api  /home/me/src/api", text);
        // A long path keeps its end, which says which checkout it is.
        var heading = Assert.Single(text.Split('\n'), l => l.Contains("web-storefront  ", StringComparison.Ordinal));
        Assert.Contains(width >= 120 ? "  /home/me/clients/" : "  …", heading, StringComparison.Ordinal);
        Assert.Contains("/web-storefront", heading.Split("  ")[1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_run_selected_in_a_short_list_of_every_checkout_is_scrolled_into_view_below_the_headings()
    {
        var buffer = new CellBuffer(40, 12);

        Screen().Render(buffer, Fixtures.Queue(), new DashboardState { Mode = new Mode.Overlay("runs", Selected: 4) }, Fixtures.Log(), new OverlaySight(RunsShown: new RunsSight(Fixtures.AllRuns(), 0)));

        Assert.Contains("sprint TRIPPED  run-20261119", buffer.ToText());
    }

    [Fact]
    public void On_a_dashboard_of_every_checkout_the_header_names_the_checkout_whose_run_it_watches()
    {
        var buffer = new CellBuffer(120, 40);

        Screen().Render(buffer, Fixtures.Queue(), new DashboardState { Checkout = "web-storefront" }, Fixtures.Log());
        var queue = buffer.ToText().Split('\n')[0];
        Screen().Render(buffer, Fixtures.Done(), new DashboardState { Checkout = "api" }, Fixtures.Log());
        var sprint = buffer.ToText().Split('\n')[0];

        Assert.True(queue.StartsWith("ias  RUNNING  │ web-storefront │ queue run nightly │ 2 pending", StringComparison.Ordinal), queue);
        Assert.True(sprint.StartsWith("ias  DONE  │ api │ ", StringComparison.Ordinal), sprint);
    }

    [Fact]
    public void Enter_on_a_run_of_another_checkout_asks_to_watch_it_there_the_headings_never_selected()
    {
        var screen = Screen();
        var buffer = new CellBuffer(120, 40);
        var state = new DashboardState();
        ScreenFacts Draw() => screen.Render(buffer, Fixtures.Queue(), state, Fixtures.Log(), new OverlaySight(RunsShown: new RunsSight(Fixtures.AllRuns(), 0)));

        (state, _) = DashboardKeys.Apply(state, "l", Draw(), PaneRegistry.Default, Fixtures.Queue());
        for (var i = 0; i < 4; i++)
        {
            (state, _) = DashboardKeys.Apply(state, "j", Draw(), PaneRegistry.Default, Fixtures.Queue());
        }

        var shown = buffer.ToText().Split('\n');
        (state, var effect) = DashboardKeys.Apply(state, "enter", Draw(), PaneRegistry.Default, Fixtures.Queue());
        var run = Assert.IsType<DashboardEffect.Watch>(effect).Run;
        Assert.Equal(("run-20261119-trip42", "/srv/ias/docs"), (run.Id, run.Checkout));
        Assert.Contains(shown, line => line.Contains("docs  /srv/ias/docs", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DashboardScreenTests.Sizes), MemberType = typeof(DashboardScreenTests))]
    public void A_past_run_says_so_in_the_header_and_offers_no_halt_or_resume(int width, int height)
    {
        var buffer = new CellBuffer(width, height);
        Screen().Render(buffer, Fixtures.Past(), new DashboardState(), Fixtures.Log());
        var text = buffer.ToText();

        GoldenScreen.Assert($"past-{width}x{height}", text);
        Assert.Contains("PAST RUN", text);
        Assert.DoesNotContain(" resume ", text);
    }

    [Fact]
    public void L_opens_the_list_j_selects_enter_closes_it_and_asks_to_watch_that_run_and_esc_closes_it()
    {
        var screen = Screen();
        var buffer = new CellBuffer(120, 40);
        var state = new DashboardState();
        ScreenFacts Draw() => screen.Render(buffer, Fixtures.Queue(), state, Fixtures.Log(), new OverlaySight(RunsShown: new RunsSight(Fixtures.Runs(), 0)));

        (state, _) = DashboardKeys.Apply(state, "l", Draw(), PaneRegistry.Default, Fixtures.Queue());
        Assert.Equal("runs", state.Mode.Shown()?.Id);
        (state, _) = DashboardKeys.Apply(state, "j", Draw(), PaneRegistry.Default, Fixtures.Queue());
        (state, _) = DashboardKeys.Apply(state, "j", Draw(), PaneRegistry.Default, Fixtures.Queue());
        var facts = Draw();
        (state, var effect) = DashboardKeys.Apply(state, "enter", facts, PaneRegistry.Default, Fixtures.Queue());
        Assert.Equal("run-20261121-bug777", Assert.IsType<DashboardEffect.Watch>(effect).Run.Id);
        Assert.Equal(Mode.Panes, state.Mode);

        (state, _) = DashboardKeys.Apply(state, "l", Draw(), PaneRegistry.Default, Fixtures.Queue());
        Assert.Equal(0, state.Mode.Shown()?.Selected);
        (state, effect) = DashboardKeys.Apply(state, "esc", Draw(), PaneRegistry.Default, Fixtures.Queue());
        Assert.Equal(Mode.Panes, state.Mode);
        Assert.Equal(DashboardEffect.None, effect);
    }

    [Theory]
    [InlineData("h", "nothing to halt")]
    [InlineData("r", "nothing to resume")]
    [InlineData("d", "nothing to drop into")]
    public void On_a_past_run_the_engines_keys_say_it_is_read_only_and_ask_nothing(string key, string why)
    {
        var (state, effect) = DashboardKeys.Apply(new DashboardState(), key, ScreenFacts.None, PaneRegistry.Default, Fixtures.Past());

        Assert.Equal(DashboardEffect.None, effect);
        Assert.Equal(Mode.Panes, state.Mode);
        Assert.Equal($"run run-20261122-abc123 is a past run, shown read-only: {why}; l lists the runs to watch the current one", state.Message);
    }

    private static DashboardScreen Screen() => new(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256);
}
