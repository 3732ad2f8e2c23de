using Ias.Core.Snapshots;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Ias.Tui.Views;

namespace Ias.Tui.Tests.Views;

/// <summary>
/// A dashboard opened with an engine it just started (`ias demo`, `ias run sprint-1` at a terminal) says what is starting
/// until the run shows, and how the engine stopped if it never does: never that there is no run here.
/// </summary>
public sealed class LaunchTests
{
    private static readonly Launch Starting = new("sprint-1", Fixtures.Now.AddSeconds(-1));

    [Theory]
    [MemberData(nameof(DashboardScreenTests.Sizes), MemberType = typeof(DashboardScreenTests))]
    public void The_first_frames_of_a_just_started_engine_say_what_starts(int width, int height)
    {
        var text = Render(EngineSnapshot.Empty(Fixtures.Now), new DashboardState { Launch = Starting }, width, height);

        GoldenScreen.Assert($"starting-{width}x{height}", text);
        Assert.StartsWith("ias starting sprint-1…", text);
        Assert.DoesNotContain("no run here", text);
    }

    [Fact]
    public void An_engine_that_exits_before_its_run_shows_leaves_its_last_line_in_the_header()
    {
        var stopped = Starting.Exited(2, "ias: sprint-1 is not in the sprint plan: add it or pick another");

        var head = Render(EngineSnapshot.Empty(Fixtures.Now), new DashboardState { Launch = stopped }, 120, 40).Split('\n')[0];

        Assert.Equal("ias the engine stopped before sprint-1 started (exit 2): ias: sprint-1 is not in the sprint plan: add it or pick another", head.TrimEnd());
    }

    [Fact]
    public void Without_an_engine_started_an_empty_checkout_still_says_there_is_no_run()
    {
        var head = Render(EngineSnapshot.Empty(Fixtures.Now), new DashboardState(), 120, 40).Split('\n')[0];

        Assert.StartsWith("ias no run here yet", head);
    }

    [Fact]
    public void The_launch_ends_when_its_run_shows_and_a_run_an_earlier_engine_left_is_not_taken_for_it()
    {
        var empty = EngineSnapshot.Empty(Fixtures.Now);
        var yesterdays = Fixtures.Done();
        var ours = Fixtures.Running() with { Status = Fixtures.Running().Status with { Run = Fixtures.Running().Status.Run! with { Started = Fixtures.Now } } };

        Assert.Same(Starting, Starting.After(empty));
        Assert.Same(Starting, Starting.After(yesterdays));
        Assert.Null(Starting.Drawn(yesterdays).Status.Run);
        Assert.Null(Starting.After(ours));
        Assert.Same(ours, Starting.Drawn(ours));

        // Once the engine has exited, the checkout is drawn as it is: the refusal may be about that very run.
        Assert.Same(yesterdays, Starting.Exited(2, "ias: a run is halted here").Drawn(yesterdays));
    }

    private static string Render(EngineSnapshot snap, DashboardState state, int width, int height)
    {
        var buffer = new CellBuffer(width, height);
        new DashboardScreen(ThemeLoader.Load("default"), Glyphs.Unicode, ColorMode.Palette256).Render(buffer, snap, state, []);
        return buffer.ToText();
    }
}
