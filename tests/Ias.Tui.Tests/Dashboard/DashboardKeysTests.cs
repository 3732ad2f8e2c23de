using Ias.Tui.Dashboard;
using Ias.Tui.Input;
using Ias.Tui.Tests.Views;
using Ias.Tui.Views;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Tests.Dashboard;

public sealed class DashboardKeysTests
{
    private static readonly ScreenFacts Facts = new(Jobs: 5, new Dictionary<string, PaneFacts>
    {
        ["queue"] = new(Lines: 5, Height: 5),
        ["log"] = new(Lines: 100, Height: 20),
    });

    private static (DashboardState State, DashboardEffect Effect) Press(DashboardState s, params string[] keys)
    {
        var effect = DashboardEffect.None;
        foreach (var k in keys)
        {
            (s, effect) = DashboardKeys.Apply(s, k, Facts);
        }

        return (s, effect);
    }

    [Fact]
    public void Halt_asks_and_only_y_sends_it()
    {
        var (asked, none) = Press(new DashboardState(), "h");
        Assert.Equal(DashboardEffect.None, none);
        Assert.Equal(DashboardCommand.Halt, (asked.Mode as Mode.Confirming)?.Binding.Command);

        Assert.Equal(DashboardEffect.Halt, Press(asked, "y").Effect);
        foreach (var other in new[] { "n", "enter", "esc", "q", "h" })
        {
            var (s, e) = Press(asked, other);
            Assert.Equal(DashboardEffect.None, e);
            Assert.Equal(Mode.Panes, s.Mode);
        }
    }

    [Fact]
    public void Capital_H_is_a_forced_halt_and_capital_R_resets_the_breaker()
    {
        Assert.Equal(DashboardEffect.HaltNow, Press(new DashboardState(), "H", "y").Effect);
        Assert.Equal(DashboardEffect.ResumeResetIce, Press(new DashboardState(), "R", "Y").Effect);
        Assert.Equal(DashboardEffect.Resume, Press(new DashboardState(), "r").Effect);
    }

    [Fact]
    public void Esc_goes_back_and_never_quits()
    {
        var (s, e) = Press(new DashboardState { Focus = "log", Filter = "x" }, "esc", "esc", "esc");
        Assert.Equal(DashboardEffect.None, e);
        Assert.Equal("queue", s.Focus);
        Assert.Equal("", s.Filter);
        Assert.Equal(DashboardEffect.Quit, Press(s, "q").Effect);
    }

    [Fact]
    public void Tab_and_digits_move_focus()
    {
        Assert.Equal("log", Press(new DashboardState(), "tab").State.Focus);
        Assert.Equal("rate", Press(new DashboardState(), "shift-tab").State.Focus);
        Assert.Equal("breaker", Press(new DashboardState(), "3").State.Focus);
    }

    [Fact]
    public void Typing_a_filter_edits_it_and_enter_keeps_it()
    {
        var (s, _) = Press(new DashboardState(), "&", "e", "r", "r", "x", "backspace", "enter");
        Assert.Equal("err", s.Filter);
        Assert.Equal(Mode.Panes, s.Mode);
        Assert.Equal("log", s.Focus);
    }

    [Fact]
    public void Moving_in_the_queue_stops_following_and_f_follows_again()
    {
        var (s, _) = Press(new DashboardState(), "k");
        Assert.False(s.Follow);
        Assert.True(Press(s, "f").State.Follow);
        Assert.Equal(4, Press(s, "G").State.Selected);
        Assert.Equal(0, Press(s, "g").State.Selected);
    }

    [Fact]
    public void Scrolling_the_log_up_stops_following_and_reaching_the_end_follows_again()
    {
        var log = new DashboardState { Focus = "log" };
        var (up, _) = Press(log, "k");
        Assert.False(up.Follow);
        Assert.Equal(79, up.LogTop);
        Assert.True(Press(up, "j").State.Follow);
        Assert.Equal(0, Press(up, "g").State.LogTop);
    }

    [Fact]
    public void Slash_searches_enter_goes_to_the_first_match_in_view_and_n_and_N_go_round_the_matches()
    {
        var facts = Facts with { Panes = new Dictionary<string, PaneFacts> { ["log"] = new(Lines: 100, Height: 20) { Matches = [10, 50, 90] } } };
        var s = new DashboardState { Follow = false, LogTop = 40 };
        foreach (var k in new[] { "/", "e", "r", "r" })
        {
            (s, _) = DashboardKeys.Apply(s, k, facts);
        }

        Assert.Equal(LinePurpose.Search, Assert.IsType<Mode.Typing>(s.Mode).Line.Purpose);
        Assert.Equal("err", s.Search);
        Assert.Equal("log", s.Focus);

        (s, _) = DashboardKeys.Apply(s, "enter", facts);
        Assert.Equal(Mode.Panes, s.Mode);
        Assert.Equal(50, s.SearchAt);
        Assert.Equal("match 2/3", s.Message);
        Assert.InRange(50, s.LogTop, s.LogTop + 19);

        var next = DashboardKeys.Apply(s, "n", facts).State;
        Assert.Equal(90, next.SearchAt);
        var round = DashboardKeys.Apply(next, "n", facts).State;
        Assert.Equal(10, round.SearchAt);
        Assert.Equal("search went round to the top", round.Message);
        Assert.Equal(90, DashboardKeys.Apply(round, "N", facts).State.SearchAt);
        Assert.Equal(10, DashboardKeys.Apply(s, "N", facts).State.SearchAt);

        var none = facts with { Panes = new Dictionary<string, PaneFacts> { ["log"] = new(Lines: 100, Height: 20) } };
        Assert.Equal("no line matches \"err\"", DashboardKeys.Apply(s, "n", none).State.Message);
        Assert.Equal("no search yet: / starts one", DashboardKeys.Apply(new DashboardState(), "n", none).State.Message);
        Assert.Equal("", DashboardKeys.Apply(s, "esc", facts).State.Search);
    }

    [Fact]
    public void A_key_that_cannot_act_says_why_in_one_line_and_asks_nothing()
    {
        var done = Fixtures.Running();
        done = done with { Status = done.Status with { Run = done.Status.Run! with { State = Core.Cycles.Lifecycle.RunState.JackedOut }, EngineAlive = false } };

        var (halt, effect) = DashboardKeys.Apply(new DashboardState(), "h", Facts, PaneRegistry.Default, done);
        Assert.Equal(Mode.Panes, halt.Mode);
        Assert.Equal(DashboardEffect.None, effect);
        Assert.Equal("the run is over: nothing to halt", halt.Message);

        var (resume, none) = DashboardKeys.Apply(new DashboardState(), "r", Facts, PaneRegistry.Default, Fixtures.Running());
        Assert.Equal(DashboardEffect.None, none);
        Assert.Equal("the run is running: nothing to resume; h halts it", resume.Message);

        Assert.Equal(DashboardEffect.Resume, DashboardKeys.Apply(new DashboardState(), "r", Facts, PaneRegistry.Default, Fixtures.Tripped() with { Status = Fixtures.Tripped().Status with { Breaker = Fixtures.Running().Status.Breaker } }).Effect);
        Assert.IsType<Mode.Confirming>(DashboardKeys.Apply(new DashboardState(), "h", Facts, PaneRegistry.Default, Fixtures.Running()).State.Mode);
    }

    [Fact]
    public void A_message_lives_a_few_seconds_on_the_clock_not_until_the_next_key()
    {
        var t0 = Fixtures.Now;
        var said = new DashboardState().Say("halt sent").At(t0);
        Assert.Equal(t0 + DashboardState.MessageLife, said.MessageUntil);

        var afterKey = DashboardKeys.Apply(said, "j", Facts).State;
        Assert.Equal("halt sent", afterKey.Message);
        Assert.Equal("halt sent", afterKey.At(t0 + DashboardState.MessageLife - TimeSpan.FromMilliseconds(1)).Message);
        Assert.Null(afterKey.At(t0 + DashboardState.MessageLife).Message);

        // A new message starts its own life.
        var later = said.At(t0 + TimeSpan.FromSeconds(3)).Say("cancelled").At(t0 + TimeSpan.FromSeconds(3));
        Assert.Equal("cancelled", later.At(t0 + TimeSpan.FromSeconds(6)).Message);
    }
}
