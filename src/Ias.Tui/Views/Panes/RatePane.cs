using System.Globalization;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Tui.Input;
using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views.Panes;

/// <summary>The hour's budget: calls against the limit, time to the hour boundary, consecutive waits, and a countdown while waiting.</summary>
public sealed class RatePane : IPane
{
    public string Id => "rate";

    public string Title => "Rate limits";

    public string Key => "4";

    public string KeyDescription => "focus the rate limits";

    public IReadOnlyList<DashboardCommand> Commands => [];

    public PaneSlot Slot { get; } = new(WideColumn.Left, WideRows: _ => 6, StackBand.Bottom, StackedRows: _ => 8);

    public PaneContent Render(PaneRenderContext context) =>
        new(Render(context.Snapshot, context.Theme, context.Glyphs, context.Width, context.Height));

    public DashboardState? Handle(PaneKeyContext context) => null;

    /// <summary>The hour's calls and waits, and the countdowns as they read now.</summary>
    public string Fingerprint(EngineSnapshot snapshot)
    {
        var r = snapshot.Status.RateLimit;
        return (r?.CallsThisHour, r?.WaitingUntil?.UtcTicks, r?.ConsecutiveWaits, r is null ? null : NewHour(snapshot, r),
            Waiting(snapshot) ? (long?)snapshot.Status.TimeToRateReset?.TotalSeconds : null).ToString();
    }

    /// <summary>
    /// When the hour's calls start again from none: a countdown while an engine or a runner may call, else the time, so a
    /// finished run's screen stays still.
    /// </summary>
    private static string NewHour(EngineSnapshot snap, RateLimitSnapshot r)
    {
        var nextHour = r.CurrentHour.AddHours(1);
        var now = snap.Status.Now;
        return Waiting(snap)
            ? $"in {Fmt.Clock(nextHour > now ? nextHour - now : TimeSpan.Zero)}"
            : string.Create(CultureInfo.InvariantCulture, $"at {nextHour:HH:mm} UTC");
    }

    /// <summary>Whether an engine or a runner is at work, so the waits count down.</summary>
    private static bool Waiting(EngineSnapshot snap) => snap.Status.EngineAlive || snap.Queue is { RunnerAlive: true };

    private static IRenderable Render(EngineSnapshot snap, Theme theme, Glyphs glyphs, int width, int height)
    {
        if (snap.Status.RateLimit is not { } r)
        {
            return Pieces.Fill([Pieces.Line(("no calls yet", theme.Style(ThemeRoles.TextDim)))], height);
        }

        var barWidth = Math.Clamp(width - 22, 3, 30);
        var lines = new List<IRenderable>
        {
            Bars.Line("calls/hour", r.CallsThisHour, r.Limit, $"{r.CallsThisHour}/{r.Limit}", barWidth, theme, glyphs),
            Bars.Line("waits", r.ConsecutiveWaits, 5, $"{r.ConsecutiveWaits}/5", barWidth, theme, glyphs),
            Pieces.Line(($"{"new hour",-12}", theme.Style(ThemeRoles.Text)), (NewHour(snap, r), theme.Style(ThemeRoles.TextDim))),
        };
        if (snap.Status.TimeToRateReset is { } left)
        {
            // A wait no engine or runner waits out is the time it ends, not a countdown of nothing.
            lines.Add(Waiting(snap)
                ? Pieces.Line(($"waiting {Fmt.Clock(left)} until {r.WaitingUntil:HH:mm} UTC", theme.Style(ThemeRoles.RateWaiting)))
                : Pieces.Line(($"its wait ends at {r.WaitingUntil:HH:mm} UTC", theme.Style(ThemeRoles.TextDim))));
        }

        return Pieces.Fill(lines, height);
    }
}
