using Ias.Tui.Dashboard;
using Ias.Tui.Terminal;

namespace Ias.Tui.Views;

/// <summary>
/// Where each pane goes for a terminal size: side by side when wide, stacked when narrow, one pane at a time below
/// 60×20, and nothing but a "too small" notice below 40×12.
/// </summary>
public sealed record DashboardLayout(LayoutMode Mode, Rect Header, Rect Footer, IReadOnlyDictionary<Pane, Rect> Panes, Rect? Tabs)
{
    public const int MinWidth = 40;
    public const int MinHeight = 12;
    public const int SingleBelowWidth = 60;
    public const int SingleBelowHeight = 20;
    public const int WideFromWidth = 100;

    public static DashboardLayout For(int width, int height, Pane focus)
    {
        var header = new Rect(0, 0, width, 1);
        var footer = new Rect(0, height - 1, width, 1);
        if (width < MinWidth || height < MinHeight)
        {
            return new(LayoutMode.TooSmall, header, footer, new Dictionary<Pane, Rect>(), null);
        }

        var bodyTop = 1;
        var bodyHeight = height - 2;
        if (width < SingleBelowWidth || height < SingleBelowHeight)
        {
            var tabs = new Rect(0, bodyTop, width, 1);
            return new(LayoutMode.Single, header, footer,
                new Dictionary<Pane, Rect> { [focus] = new Rect(0, bodyTop + 1, width, bodyHeight - 1) }, tabs);
        }

        if (width >= WideFromWidth)
        {
            // Left column: queue over breaker over rate; the log takes the rest of the width.
            var left = Math.Max(40, width * 2 / 5);
            var rate = 6;
            var breaker = Math.Min(10, Math.Max(7, bodyHeight / 3));
            var queue = bodyHeight - breaker - rate;
            return new(LayoutMode.Wide, header, footer, new Dictionary<Pane, Rect>
            {
                [Pane.Queue] = new Rect(0, bodyTop, left, queue),
                [Pane.Breaker] = new Rect(0, bodyTop + queue, left, breaker),
                [Pane.Rate] = new Rect(0, bodyTop + queue + breaker, left, rate),
                [Pane.Log] = new Rect(left, bodyTop, width - left, bodyHeight),
            }, null);
        }

        // Stacked: queue on top, the log in the middle, breaker and rate side by side at the bottom.
        var bottom = 8;
        var queueHeight = Math.Max(5, (bodyHeight - bottom) / 3);
        var logHeight = bodyHeight - bottom - queueHeight;
        var half = width / 2;
        return new(LayoutMode.Stacked, header, footer, new Dictionary<Pane, Rect>
        {
            [Pane.Queue] = new Rect(0, bodyTop, width, queueHeight),
            [Pane.Log] = new Rect(0, bodyTop + queueHeight, width, logHeight),
            [Pane.Breaker] = new Rect(0, bodyTop + queueHeight + logHeight, half, bottom),
            [Pane.Rate] = new Rect(half, bodyTop + queueHeight + logHeight, width - half, bottom),
        }, null);
    }
}
