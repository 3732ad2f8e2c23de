using Ias.Core.Snapshots;
using Ias.Tui.Input;
using Ias.Tui.Views;

namespace Ias.Tui.Dashboard;

/// <summary>
/// Pure key handling: (state, key, what the screen shows) → (next state, effect). The binding table decides what a key
/// means; the dashboard keeps the engine's controls, focus and help, and hands every other command to the panes, the
/// focused one first.
/// </summary>
public static class DashboardKeys
{
    public static (DashboardState State, DashboardEffect Effect) Apply(DashboardState s, string key, ScreenFacts facts) =>
        Apply(s, key, facts, PaneRegistry.Default);

    /// <summary>
    /// The next state and effect of <paramref name="key"/>; with <paramref name="snap"/>, a key that cannot act on it says why
    /// instead (and asks nothing). A message stays until the dashboard's clock ends it, not until the next key.
    /// </summary>
    public static (DashboardState State, DashboardEffect Effect) Apply(DashboardState s, string key, ScreenFacts facts, PaneRegistry panes, EngineSnapshot? snap = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(panes);
        if (s.Confirm is { } pending)
        {
            return key is "y" or "Y"
                ? (s with { Confirm = null }, EffectOf(pending.Command))
                : (s.Say("cancelled") with { Confirm = null }, DashboardEffect.None);
        }

        if (s.EditingSearch)
        {
            return (key switch
            {
                "esc" => s with { EditingSearch = false, Search = "", SearchAt = null },
                "enter" => Enter(s, facts, panes),
                "backspace" => s with { Search = s.Search.Length == 0 ? "" : s.Search[..^1] },
                _ when key.Length == 1 => s with { Search = s.Search + key },
                "space" => s with { Search = s.Search + " " },
                _ => s,
            }, DashboardEffect.None);
        }

        if (s.EditingAnswer)
        {
            return key switch
            {
                "esc" => (s.Say("answer not sent") with { EditingAnswer = false, Answer = "", Asking = null }, DashboardEffect.None),
                "enter" when s.Answer.Trim().Length > 0 => (s with { EditingAnswer = false }, DashboardEffect.Answer),
                "backspace" => (s with { Answer = s.Answer.Length == 0 ? "" : s.Answer[..^1] }, DashboardEffect.None),
                _ when key.Length == 1 => (s with { Answer = s.Answer + key }, DashboardEffect.None),
                "space" => (s with { Answer = s.Answer + " " }, DashboardEffect.None),
                _ => (s, DashboardEffect.None),
            };
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

        if (s.Branch)
        {
            return (BranchKeys(s, key, facts, panes.Keys), DashboardEffect.None);
        }

        if (s.Runs)
        {
            return RunsKeys(s, key, facts, panes.Keys);
        }

        if (s.Inbox)
        {
            return (InboxKeys(s, key, facts, panes.Keys), DashboardEffect.None);
        }

        if (s.Help)
        {
            return (key is "esc" or "?" or "q" ? s with { Help = false, HelpTop = 0 } : ScrollHelp(s, key, facts, panes.Keys), DashboardEffect.None);
        }

        if (panes.Keys.For(key) is not { } binding)
        {
            return (s, DashboardEffect.None);
        }

        if (snap is not null && binding.CannotAct(snap) is { } why)
        {
            return (s.Say(why), DashboardEffect.None);
        }

        if (binding.Confirm is not null)
        {
            return (s with { Confirm = binding }, DashboardEffect.None);
        }

        return binding.Command switch
        {
            DashboardCommand.Resume => (s, DashboardEffect.Resume),
            DashboardCommand.Quit => (s, DashboardEffect.Quit),
            DashboardCommand.Help => (s with { Help = true }, DashboardEffect.None),
            DashboardCommand.Branch => (s with { Branch = true, BranchSelected = 0, BranchCommit = null, BranchTop = 0 }, DashboardEffect.None),
            DashboardCommand.Runs => (s with { Runs = true, RunsSelected = 0 }, DashboardEffect.None),
            DashboardCommand.Inbox => (s with { Inbox = true, InboxSelected = 0 }, DashboardEffect.None),
            DashboardCommand.Answer => (s with { EditingAnswer = true, Answer = "", Asking = null }, DashboardEffect.None),
            DashboardCommand.FocusNext => (s with { Focus = panes.Step(s, +1).Id }, DashboardEffect.None),
            DashboardCommand.FocusPrevious => (s with { Focus = panes.Step(s, -1).Id }, DashboardEffect.None),
            DashboardCommand.Focus => (s with { Focus = binding.Pane }, DashboardEffect.None),
            _ => (ToPanes(binding.Command, s, facts, panes) ?? s, DashboardEffect.None),
        };
    }

    /// <summary>Enter ends the search's typing and goes to its first match from the top of the log in view.</summary>
    private static DashboardState Enter(DashboardState s, ScreenFacts facts, PaneRegistry panes)
    {
        var done = s with { EditingSearch = false, SearchAt = null };
        return done.Search.Length == 0 ? done : ToPanes(DashboardCommand.SearchNext, done, facts, panes) ?? done;
    }

    /// <summary>The focused pane answers first, then the others in registry order; the first answer wins.</summary>
    private static DashboardState? ToPanes(DashboardCommand command, DashboardState s, ScreenFacts facts, PaneRegistry panes)
    {
        var focused = panes.Focused(s);
        return focused.Handle(new PaneKeyContext(command, s, facts, Focused: true, panes))
            ?? panes.All.Where(p => p != focused).Select(p => p.Handle(new PaneKeyContext(command, s, facts, Focused: false, panes))).FirstOrDefault(next => next is not null);
    }

    private static DashboardEffect EffectOf(DashboardCommand c) => c switch
    {
        DashboardCommand.Halt => DashboardEffect.Halt,
        DashboardCommand.HaltNow => DashboardEffect.HaltNow,
        DashboardCommand.ResumeResetIce => DashboardEffect.ResumeResetIce,
        DashboardCommand.DropIn => DashboardEffect.DropIn,
        DashboardCommand.DropInShell => DashboardEffect.DropInShell,
        _ => DashboardEffect.None,
    };

    // The overlay keeps the moving keys: over the list they move the selection, over an opened commit they scroll it.
    private static DashboardState BranchKeys(DashboardState s, string key, ScreenFacts facts, KeyBindings keys)
    {
        if (key is "esc" or "q" or "b")
        {
            return s.BranchCommit is null ? s with { Branch = false } : s with { BranchCommit = null, BranchTop = 0 };
        }

        var command = keys.For(key)?.Command;
        if (s.BranchCommit is null)
        {
            var last = Math.Max(0, facts.BranchShas.Count - 1);
            return command switch
            {
                DashboardCommand.Open when facts.BranchShas.Count > 0 => s with { BranchCommit = facts.BranchShas[Math.Clamp(s.BranchSelected, 0, last)], BranchTop = 0 },
                DashboardCommand.Down => s with { BranchSelected = Math.Min(last, s.BranchSelected + 1) },
                DashboardCommand.Up => s with { BranchSelected = Math.Max(0, s.BranchSelected - 1) },
                DashboardCommand.Top => s with { BranchSelected = 0 },
                DashboardCommand.Bottom => s with { BranchSelected = last },
                _ => s,
            };
        }

        var (lastTop, page) = facts.BranchScroll;
        int? top = command switch
        {
            DashboardCommand.Down => s.BranchTop + 1,
            DashboardCommand.Up => s.BranchTop - 1,
            DashboardCommand.PageDown => s.BranchTop + Math.Max(1, page),
            DashboardCommand.PageUp => s.BranchTop - Math.Max(1, page),
            DashboardCommand.Top => 0,
            DashboardCommand.Bottom => lastTop,
            _ => null,
        };
        return top is { } t ? s with { BranchTop = Math.Clamp(t, 0, lastTop) } : s;
    }

    // The list keeps the moving keys; enter closes it and asks the dashboard to watch the selected run instead.
    private static (DashboardState, DashboardEffect) RunsKeys(DashboardState s, string key, ScreenFacts facts, KeyBindings keys)
    {
        if (key is "esc" or "q" or "l")
        {
            return (s with { Runs = false }, DashboardEffect.None);
        }

        var last = Math.Max(0, facts.Runs.Count - 1);
        return keys.For(key)?.Command switch
        {
            DashboardCommand.Open when facts.Runs.Count > 0 => (s with { Runs = false, RunsSelected = Math.Clamp(s.RunsSelected, 0, last) }, DashboardEffect.Watch),
            DashboardCommand.Down => (s with { RunsSelected = Math.Min(last, s.RunsSelected + 1) }, DashboardEffect.None),
            DashboardCommand.Up => (s with { RunsSelected = Math.Max(0, s.RunsSelected - 1) }, DashboardEffect.None),
            DashboardCommand.Top => (s with { RunsSelected = 0 }, DashboardEffect.None),
            DashboardCommand.Bottom => (s with { RunsSelected = last }, DashboardEffect.None),
            _ => (s, DashboardEffect.None),
        };
    }

    // The list keeps the moving keys; enter types an answer to the selected question in the footer, the list still open.
    private static DashboardState InboxKeys(DashboardState s, string key, ScreenFacts facts, KeyBindings keys)
    {
        if (key is "esc" or "q" or "i")
        {
            return s with { Inbox = false };
        }

        var last = Math.Max(0, facts.Questions.Count - 1);
        var at = Math.Clamp(s.InboxSelected, 0, last);
        return keys.For(key)?.Command switch
        {
            DashboardCommand.Open when facts.Questions.Count > 0 => s with { InboxSelected = at, EditingAnswer = true, Answer = "", Asking = facts.Questions[at] },
            DashboardCommand.Down => s with { InboxSelected = Math.Min(last, at + 1) },
            DashboardCommand.Up => s with { InboxSelected = Math.Max(0, at - 1) },
            DashboardCommand.Top => s with { InboxSelected = 0 },
            DashboardCommand.Bottom => s with { InboxSelected = last },
            _ => s,
        };
    }

    // A short terminal cannot show every binding at once; the moving keys scroll the overlay instead of the panes.
    private static DashboardState ScrollHelp(DashboardState s, string key, ScreenFacts facts, KeyBindings keys)
    {
        var page = Math.Max(1, facts.HelpLastTop);
        int? top = keys.For(key)?.Command switch
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
}
