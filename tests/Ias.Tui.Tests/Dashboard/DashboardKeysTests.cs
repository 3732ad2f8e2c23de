using Ias.Tui.Dashboard;
using Ias.Tui.Input;
using Ias.Tui.Views;

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
        Assert.Equal(DashboardCommand.Halt, asked.Confirm?.Command);

        Assert.Equal(DashboardEffect.Halt, Press(asked, "y").Effect);
        foreach (var other in new[] { "n", "enter", "esc", "q", "h" })
        {
            var (s, e) = Press(asked, other);
            Assert.Equal(DashboardEffect.None, e);
            Assert.Null(s.Confirm);
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
        var (s, e) = Press(new DashboardState { Focus = "log", Filter = "x", Help = false }, "esc", "esc", "esc");
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
        var (s, _) = Press(new DashboardState(), "/", "e", "r", "r", "x", "backspace", "enter");
        Assert.Equal("err", s.Filter);
        Assert.False(s.EditingFilter);
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
}
