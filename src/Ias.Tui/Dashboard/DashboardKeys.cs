using Ias.Tui.Input;

namespace Ias.Tui.Dashboard;

/// <summary>Pure key handling: (state, key, what the screen shows) → (next state, effect). The binding table decides what a key means.</summary>
public static class DashboardKeys
{
    public static (DashboardState State, DashboardEffect Effect) Apply(DashboardState s, string key, ScreenFacts facts)
    {
        s = s with { Message = null };
        if (s.Confirm is { } pending)
        {
            return key is "y" or "Y"
                ? (s with { Confirm = null }, EffectOf(pending.Command))
                : (s with { Confirm = null, Message = "cancelled" }, DashboardEffect.None);
        }

        if (s.EditingFilter)
        {
            return (key switch
            {
                "esc" => s with { EditingFilter = false, Filter = "" },
                "enter" => s with { EditingFilter = false },
                "backspace" => s with { Filter = s.Filter.Length == 0 ? "" : s.Filter[..^1] },
                _ when key.Length == 1 => s with { Filter = s.Filter + key, LogTop = 0 },
                "space" => s with { Filter = s.Filter + " " },
                _ => s,
            }, DashboardEffect.None);
        }

        if (s.Help)
        {
            return (key is "esc" or "?" or "q" ? s with { Help = false, HelpTop = 0 } : ScrollHelp(s, key, facts), DashboardEffect.None);
        }

        if (KeyBindings.For(key) is not { } binding)
        {
            return (s, DashboardEffect.None);
        }

        if (binding.Confirm is not null)
        {
            return (s with { Confirm = binding }, DashboardEffect.None);
        }

        var lastJob = Math.Max(0, facts.Jobs - 1);
        var lastTop = Math.Max(0, facts.LogLines - facts.LogHeight);
        var logTop = s.Follow ? lastTop : Math.Min(s.LogTop, lastTop);
        return binding.Command switch
        {
            DashboardCommand.Resume => (s, DashboardEffect.Resume),
            DashboardCommand.Quit => (s, DashboardEffect.Quit),
            DashboardCommand.FocusNext => (s with { Focus = (Pane)(((int)s.Focus + 1) % 4) }, DashboardEffect.None),
            DashboardCommand.FocusPrevious => (s with { Focus = (Pane)(((int)s.Focus + 3) % 4) }, DashboardEffect.None),
            DashboardCommand.FocusQueue => (s with { Focus = Pane.Queue }, DashboardEffect.None),
            DashboardCommand.FocusLog => (s with { Focus = Pane.Log }, DashboardEffect.None),
            DashboardCommand.FocusBreaker => (s with { Focus = Pane.Breaker }, DashboardEffect.None),
            DashboardCommand.FocusRate => (s with { Focus = Pane.Rate }, DashboardEffect.None),
            DashboardCommand.Down when s.Focus == Pane.Log => (Scroll(s, logTop, +1, lastTop), DashboardEffect.None),
            DashboardCommand.Up when s.Focus == Pane.Log => (Scroll(s, logTop, -1, lastTop), DashboardEffect.None),
            DashboardCommand.PageDown when s.Focus == Pane.Log => (Scroll(s, logTop, Math.Max(1, facts.LogHeight - 1), lastTop), DashboardEffect.None),
            DashboardCommand.PageUp when s.Focus == Pane.Log => (Scroll(s, logTop, -Math.Max(1, facts.LogHeight - 1), lastTop), DashboardEffect.None),
            DashboardCommand.Top when s.Focus == Pane.Log => (s with { Follow = false, LogTop = 0 }, DashboardEffect.None),
            DashboardCommand.Bottom when s.Focus == Pane.Log => (s with { Follow = true, LogTop = lastTop }, DashboardEffect.None),
            DashboardCommand.Down => (Select(s, s.Selected + 1, lastJob), DashboardEffect.None),
            DashboardCommand.Up => (Select(s, s.Selected - 1, lastJob), DashboardEffect.None),
            DashboardCommand.PageDown => (Select(s, s.Selected + Math.Max(1, facts.QueueHeight - 1), lastJob), DashboardEffect.None),
            DashboardCommand.PageUp => (Select(s, s.Selected - Math.Max(1, facts.QueueHeight - 1), lastJob), DashboardEffect.None),
            DashboardCommand.Top => (Select(s, 0, lastJob), DashboardEffect.None),
            DashboardCommand.Bottom => (s with { Selected = lastJob, Follow = true }, DashboardEffect.None),
            DashboardCommand.Open => (s with { Focus = Pane.Log, LogTop = 0, Follow = false }, DashboardEffect.None),
            DashboardCommand.Back => (s with { Filter = "", Focus = s.Focus == Pane.Log ? Pane.Queue : s.Focus }, DashboardEffect.None),
            DashboardCommand.Filter => (s with { EditingFilter = true, Focus = Pane.Log }, DashboardEffect.None),
            DashboardCommand.Follow => (s with { Follow = !s.Follow, Selected = s.Follow ? s.Selected : lastJob, LogTop = logTop }, DashboardEffect.None),
            DashboardCommand.Wrap => (s with { Wrap = !s.Wrap }, DashboardEffect.None),
            DashboardCommand.Help => (s with { Help = true }, DashboardEffect.None),
            _ => (s, DashboardEffect.None),
        };
    }

    private static DashboardEffect EffectOf(DashboardCommand c) => c switch
    {
        DashboardCommand.Halt => DashboardEffect.Halt,
        DashboardCommand.HaltNow => DashboardEffect.HaltNow,
        DashboardCommand.ResumeResetIce => DashboardEffect.ResumeResetIce,
        _ => DashboardEffect.None,
    };

    // A short terminal cannot show every binding at once; the moving keys scroll the overlay instead of the panes.
    private static DashboardState ScrollHelp(DashboardState s, string key, ScreenFacts facts)
    {
        var page = Math.Max(1, facts.HelpLastTop);
        int? top = KeyBindings.For(key)?.Command switch
        {
            DashboardCommand.Down => s.HelpTop + 1,
            DashboardCommand.Up => s.HelpTop - 1,
            DashboardCommand.PageDown => s.HelpTop + page,
            DashboardCommand.PageUp => s.HelpTop - page,
            DashboardCommand.Top => 0,
            DashboardCommand.Bottom => facts.HelpLastTop,
            _ => null,
        };
        return top is { } t ? s with { HelpTop = Math.Clamp(t, 0, facts.HelpLastTop) } : s;
    }

    private static DashboardState Select(DashboardState s, int index, int last) =>
        s with { Selected = Math.Clamp(index, 0, last), Follow = false, LogTop = 0 };

    private static DashboardState Scroll(DashboardState s, int top, int by, int lastTop)
    {
        var next = Math.Clamp(top + by, 0, lastTop);
        return s with { LogTop = next, Follow = next == lastTop && by > 0 };
    }
}
