using Ias.Core.Cycles;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.StateMachines;
using Ias.Tui.Theming;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views;

/// <summary>The top line: run id, target, branch, state, phase, cycle, runtime against timeout, agent, tokens and cost.</summary>
public static class Header
{
    public static IRenderable Render(EngineSnapshot snap, Theme theme, string separator, int width)
    {
        var text = theme.Style(ThemeRoles.HeaderText);
        var sep = (separator, theme.Style(ThemeRoles.TextDim));
        if (snap.Status.Run is not { } run)
        {
            return Pieces.Line(("ias ", theme.Style(ThemeRoles.HeaderTitle)), ("no run here yet — start one with `ias run sprint-N`", text));
        }

        var state = WireName.Of(run.State);
        var runtime = snap.Status.Runtime ?? TimeSpan.Zero;
        // Ordered by what matters most at 2 a.m.; the least important fall off a narrow screen first.
        var parts = new List<(int Priority, string Text, Style Style)>
        {
            (0, $" {state} ", theme.Style(StateRole(run.State))),
            (1, WireName.Of(run.Phase), text),
            (2, $"cycle {run.CycleCurrent}/{run.CycleLimit}", text),
            (3, $"{Fmt.Clock(runtime)}/{Fmt.Hours(run.Options.TimeoutHours)}", text),
            (4, run.Target, text),
            (6, run.Branch, text),
            (7, run.RunId, theme.Style(ThemeRoles.TextDim)),
            (5, $"{Fmt.Tokens(run.TokensIn + run.TokensOut)} tok {Fmt.Money(run.CostUsd)}{Cap(snap.Spend)}", text),
            (8, snap.Agent ?? "-", text),
        };

        // An agent outside the box is worth knowing before anything but the state.
        if (run.Options.Unsandboxed)
        {
            parts.Insert(1, (1, "UNSANDBOXED", theme.Style(ThemeRoles.HeaderStateHalted)));
        }

        var shown = parts.OrderBy(p => p.Priority).ToList();
        while (shown.Count > 1 && Width(shown) + 4 > width)
        {
            shown.RemoveAt(shown.Count - 1);
        }

        var line = new List<(string, Style)> { ("ias ", theme.Style(ThemeRoles.HeaderTitle)) };
        foreach (var p in parts.Where(shown.Contains))
        {
            if (line.Count > 1)
            {
                line.Add(sep);
            }

            line.Add((p.Text, p.Style));
        }

        return Pieces.Line([.. line]);

        static int Width(List<(int, string Text, Style)> ps) => ps.Sum(p => p.Text.Length + 3);
    }

    /// <summary>The cap nearest to stopping the run: "/$1.00" for the run's, "/$5.00 today" for the day's; nothing without one.</summary>
    private static string Cap(Spend? spend)
    {
        if (spend is null || spend.Caps == SpendCaps.None)
        {
            return "";
        }

        if (spend.Caps.Daily is { } daily && (spend.RunLeft is not { } runLeft || spend.TodayLeft < runLeft))
        {
            return $" ({Fmt.Money(spend.Today)}/{SpendCaps.Money(daily.Usd)} today)";
        }

        return $"/{SpendCaps.Money(spend.Caps.Run!.Usd)}";
    }

    private static string StateRole(RunState s) => s switch
    {
        RunState.Running => ThemeRoles.HeaderStateRunning,
        RunState.Halted => ThemeRoles.HeaderStateHalted,
        RunState.Complete => ThemeRoles.HeaderStateComplete,
        RunState.JackedOut or RunState.ReadyForHitl => ThemeRoles.HeaderStateJackedOut,
        RunState.JackIn => ThemeRoles.HeaderStateJackIn,
        _ => ThemeRoles.HeaderStateReady,
    };
}
