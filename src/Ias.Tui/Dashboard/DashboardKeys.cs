using Ias.Core.Snapshots;
using Ias.Tui.Input;
using Ias.Tui.Views;
using Ias.Tui.Views.Overlays;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Dashboard;

/// <summary>
/// Pure key handling: (state, key, what the screen shows) → (next state, effect). The mode decides who hears a key: a
/// confirm, the line being typed, the open overlay, or else the binding table, which keeps the engine's controls, focus
/// and opening the overlays, and hands every other command to the panes, the focused one first.
/// </summary>
public static class DashboardKeys
{
    public static (DashboardState State, DashboardEffect Effect) Apply(DashboardState s, string key, ScreenFacts facts) =>
        Apply(s, key, facts, PaneRegistry.Default);

    /// <summary>
    /// The next state and effect of <paramref name="key"/>; with <paramref name="snap"/>, a key that cannot act on it says why
    /// instead (and asks nothing). A message stays until the dashboard's clock ends it, not until the next key.
    /// </summary>
    public static (DashboardState State, DashboardEffect Effect) Apply(
        DashboardState s, string key, ScreenFacts facts, PaneRegistry panes, EngineSnapshot? snap = null, OverlayRegistry? overlays = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(panes);
        overlays ??= OverlayRegistry.Default;
        var binding = panes.Keys.For(key);
        switch (s.Mode)
        {
            case Mode.Confirming { Binding: var pending }:
                return key is "y" or "Y"
                    ? (s with { Mode = Mode.Panes }, DashboardEffect.Of(pending.Command) ?? DashboardEffect.None)
                    : (s.Say("cancelled") with { Mode = Mode.Panes }, DashboardEffect.None);
            case Mode.Typing typing:
                return Type(s, typing, key, facts, panes);
            case Mode.Overlay open:
                var overlay = overlays.Of(open.Id);
                var closes = key is "esc" or "q" || binding?.Command == overlay.Opens;
                return overlay.Handle(new OverlayKeyContext(key, binding?.Command, closes, s, open, facts.Overlay));
        }

        if (binding is null)
        {
            return (s, DashboardEffect.None);
        }

        if (snap is not null && binding.CannotAct(snap) is { } why)
        {
            return (s.Say(why), DashboardEffect.None);
        }

        if (binding.Question(snap) is { } question)
        {
            return (s with { Mode = new Mode.Confirming(binding, question) }, DashboardEffect.None);
        }

        if (DashboardEffect.Of(binding.Command) is { } effect)
        {
            return (s, effect);
        }

        return (binding.Command switch
        {
            _ when overlays.Opening(binding.Command) is { } opened => s with { Mode = new Mode.Overlay(opened.Id) },
            DashboardCommand.Answer => s with { Mode = new Mode.Typing(new LineEditor(LinePurpose.Answer), Mode.Panes) },
            DashboardCommand.FocusNext => s with { Focus = panes.Step(s, +1).Id },
            DashboardCommand.FocusPrevious => s with { Focus = panes.Step(s, -1).Id },
            DashboardCommand.Focus => s with { Focus = binding.Pane },
            DashboardCommand.Back when s is { Replay: not null, Filter: "", Search: "" } => Live(s),
            _ when s.Replay is { } replay && Replayed(binding.Command, replay) is { } moved => s with { Replay = moved },
            _ => ToPanes(binding.Command, s, facts, panes) ?? s,
        }, DashboardEffect.None);
    }

    /// <summary>
    /// The line being typed: the filter and the search act as they are typed; esc clears them (or drops the answer), enter
    /// keeps the filter, goes to the search's first match from the top of the log in view, or sends the answer.
    /// </summary>
    private static (DashboardState, DashboardEffect) Type(DashboardState s, Mode.Typing typing, string key, ScreenFacts facts, PaneRegistry panes)
    {
        var line = typing.Line;
        if (line.Type(key) is { } typed)
        {
            var next = s with { Mode = typing with { Line = typed } };
            return (typed.Purpose switch
            {
                // A typed character starts the filtered log from its top; space and backspace leave it where it is.
                LinePurpose.Filter => next with { Filter = typed.Text, LogTop = key.Length == 1 ? 0 : s.LogTop },
                LinePurpose.Search => next with { Search = typed.Text },
                _ => next,
            }, DashboardEffect.None);
        }

        var back = s with { Mode = typing.Under };
        return (key, line.Purpose) switch
        {
            ("esc", LinePurpose.Filter) => (back with { Filter = "" }, DashboardEffect.None),
            ("esc", LinePurpose.Search) => (back with { Search = "", SearchAt = null }, DashboardEffect.None),
            ("esc", _) => (back.Say("answer not sent"), DashboardEffect.None),
            ("enter", LinePurpose.Filter) => (back, DashboardEffect.None),
            ("enter", LinePurpose.Search) when back.Search.Length > 0 =>
                (ToPanes(DashboardCommand.SearchNext, back with { SearchAt = null }, facts, panes) ?? back with { SearchAt = null }, DashboardEffect.None),
            ("enter", LinePurpose.Search) => (back with { SearchAt = null }, DashboardEffect.None),
            ("enter", _) when line.Text.Trim().Length > 0 => (back, new DashboardEffect.Answer(line.Asking, line.Text)),
            _ => (s, DashboardEffect.None),
        };
    }

    /// <summary>
    /// esc in a replay, once no search or filter is left to clear: back to the watched run as it is, and as leaving for
    /// another run, what was chosen to look at in the replay does not carry over.
    /// </summary>
    private static DashboardState Live(DashboardState s) =>
        new DashboardState { Focus = s.Focus, Checkout = s.Checkout }.Say("left the replay: back to the live dashboard (l lists the runs)");

    /// <summary>Where a replay key moves the replay; null for a key that is not one.</summary>
    private static ReplayCursor? Replayed(DashboardCommand command, ReplayCursor replay) => command switch
    {
        DashboardCommand.ReplayPause => replay.Toggle(),
        DashboardCommand.ReplayBack => replay.Step(-1),
        DashboardCommand.ReplayForward => replay.Step(+1),
        DashboardCommand.ReplayPhaseBack => replay.Phase(-1),
        DashboardCommand.ReplayPhaseForward => replay.Phase(+1),
        DashboardCommand.ReplayFaster => replay.Faster(),
        DashboardCommand.ReplaySlower => replay.Slower(),
        _ => null,
    };

    /// <summary>The focused pane answers first, then the others in registry order; the first answer wins.</summary>
    private static DashboardState? ToPanes(DashboardCommand command, DashboardState s, ScreenFacts facts, PaneRegistry panes)
    {
        var focused = panes.Focused(s);
        return focused.Handle(new PaneKeyContext(command, s, facts, Focused: true, panes))
            ?? panes.All.Where(p => p != focused).Select(p => p.Handle(new PaneKeyContext(command, s, facts, Focused: false, panes))).FirstOrDefault(next => next is not null);
    }
}
