using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.StateMachines;
using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views.Panes;

/// <summary>The circuit breaker: its state in colour, each trigger's count against its threshold as a bar, the last trip and the history.</summary>
public sealed class BreakerPane : IPane
{
    public string Id => "breaker";

    public string Title => "Circuit breaker";

    public string Key => "3";

    public string KeyDescription => "focus the circuit breaker";

    public IReadOnlyList<DashboardCommand> Commands => [];

    public PaneSlot Slot { get; } = new(WideColumn.Left, WideRows: rows => Math.Min(10, Math.Max(7, rows / 3)), StackBand.Bottom, StackedRows: _ => 8);

    public PaneContent Render(PaneRenderContext context) =>
        new(Render(context.Snapshot, context.Theme, context.Glyphs, context.Width, context.Height));

    public DashboardState? Handle(PaneKeyContext context) => null;

    /// <summary>The breaker's state and trips; its bars follow the cycle and the runtime, which move with the run and the clock.</summary>
    public string Fingerprint(EngineSnapshot snapshot) =>
        (snapshot.Status.Breaker?.State, snapshot.Status.Breaker?.History.Count, snapshot.Status.Breaker?.SameIssueCount, snapshot.Status.Breaker?.NoProgressCount).ToString();

    private static IRenderable Render(EngineSnapshot snap, Theme theme, Glyphs glyphs, int width, int height)
    {
        // A queue run's breaker judges jobs, not cycles: it has no cycle count nor runtime of a run beside it.
        var run = snap.Status.Run;
        if (snap.Status.Breaker is not { } b || (run is null && snap.Queue is null))
        {
            return Pieces.Fill([Pieces.Line((snap.Queue is null ? "no run" : "no job judged yet", theme.Style(ThemeRoles.TextDim)))], height);
        }

        var barWidth = Math.Clamp(width - 22, 3, 30);
        var lines = new List<IRenderable>
        {
            Pieces.Line(($" {WireName.Of(b.State)} ", theme.Style(b.State switch
            {
                BreakerState.Open => ThemeRoles.BreakerOpen,
                BreakerState.HalfOpen => ThemeRoles.BreakerHalfOpen,
                _ => ThemeRoles.BreakerClosed,
            })), ($"  {b.History.Count} trip(s)", theme.Style(ThemeRoles.TextDim))),
            Bars.Line("same issue", b.SameIssueCount, b.SameIssueThreshold, $"{b.SameIssueCount}/{b.SameIssueThreshold}", barWidth, theme, glyphs),
            Bars.Line("no progress", b.NoProgressCount, b.NoProgressThreshold, $"{b.NoProgressCount}/{b.NoProgressThreshold}", barWidth, theme, glyphs),
        };
        if (run is not null)
        {
            var runtime = snap.Status.Runtime ?? TimeSpan.Zero;
            lines.Add(Bars.Line("cycles", run.CycleCurrent, run.CycleLimit, $"{run.CycleCurrent}/{run.CycleLimit}", barWidth, theme, glyphs));
            lines.Add(Bars.Line("runtime", runtime.TotalHours, b.TimeoutLimitHours, $"{Fmt.Duration(runtime)}/{Fmt.Hours(b.TimeoutLimitHours)}", barWidth, theme, glyphs));
        }

        if (b.History.LastOrDefault() is { } last)
        {
            lines.Add(Pieces.Line(("last trip ", theme.Style(ThemeRoles.TextDim)), ($"{(last.Timestamp is { } at ? $"{at:HH:mm} " : "")}{last.Trigger}: {last.Reason}", theme.Style(ThemeRoles.LogError))));
            foreach (var t in b.History.Reverse().Skip(1))
            {
                lines.Add(Pieces.Line(($"  {(t.Timestamp is { } when ? $"{when:MM-dd HH:mm}" : "--")} {t.Trigger}", theme.Style(ThemeRoles.TextDim))));
            }
        }

        return Pieces.Fill(lines, height);
    }
}
