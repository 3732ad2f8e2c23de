using Ias.Tui.Terminal;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Views;

/// <summary>
/// Where each pane goes for a terminal size: side by side when wide, stacked when narrow, one pane at a time below
/// 60×20, and nothing but a "too small" notice below 40×12. Each pane's <see cref="PaneSlot"/> says where it sits.
/// </summary>
public sealed record DashboardLayout(LayoutMode Mode, Rect Header, Rect Footer, IReadOnlyList<(IPane Pane, Rect Area)> Panes, Rect? Tabs)
{
    public const int MinWidth = 40;
    public const int MinHeight = 12;
    public const int SingleBelowWidth = 60;
    public const int SingleBelowHeight = 20;
    public const int WideFromWidth = 100;

    /// <summary>How tall the stacked layout's bottom band is when none of its panes says.</summary>
    private const int BottomBandRows = 8;

    public static DashboardLayout For(int width, int height, IPane focus, PaneRegistry panes)
    {
        ArgumentNullException.ThrowIfNull(panes);
        var header = new Rect(0, 0, width, 1);
        var footer = new Rect(0, height - 1, width, 1);
        if (width < MinWidth || height < MinHeight)
        {
            return new(LayoutMode.TooSmall, header, footer, [], null);
        }

        var bodyTop = 1;
        var bodyHeight = height - 2;
        if (width < SingleBelowWidth || height < SingleBelowHeight)
        {
            var tabs = new Rect(0, bodyTop, width, 1);
            return new(LayoutMode.Single, header, footer, [(focus, new Rect(0, bodyTop + 1, width, bodyHeight - 1))], tabs);
        }

        return width >= WideFromWidth
            ? new(LayoutMode.Wide, header, footer, Wide(panes.All, width, bodyTop, bodyHeight), null)
            : new(LayoutMode.Stacked, header, footer, Stacked(panes.All, width, bodyTop, bodyHeight), null);
    }

    /// <summary>A left column of two fifths (at least 40 columns) and a right one with the rest; a column nobody sits in gives its width to the other.</summary>
    private static List<(IPane, Rect)> Wide(IReadOnlyList<IPane> panes, int width, int top, int rows)
    {
        var left = panes.Where(p => p.Slot.Column == WideColumn.Left).ToList();
        var right = panes.Where(p => p.Slot.Column == WideColumn.Right).ToList();
        var split = right.Count == 0 ? width : left.Count == 0 ? 0 : Math.Max(40, width * 2 / 5);
        return [.. Column(left, 0, split, top, rows, p => p.Slot.WideRows), .. Column(right, split, width - split, top, rows, p => p.Slot.WideRows)];
    }

    /// <summary>Top and middle panes one under another across the width, and the bottom band's panes side by side under them.</summary>
    private static List<(IPane, Rect)> Stacked(IReadOnlyList<IPane> panes, int width, int top, int rows)
    {
        var bottom = panes.Where(p => p.Slot.Band == StackBand.Bottom).ToList();
        var bandRows = bottom.Count == 0 ? 0 : bottom.Max(p => p.Slot.StackedRows?.Invoke(rows) ?? BottomBandRows);
        var above = panes.Where(p => p.Slot.Band == StackBand.Top).Concat(panes.Where(p => p.Slot.Band == StackBand.Middle)).ToList();
        var places = Column(above, 0, width, top, rows - bandRows, p => p.Slot.StackedRows);
        for (var i = 0; i < bottom.Count; i++)
        {
            var x = width / bottom.Count * i;
            var w = i == bottom.Count - 1 ? width - x : width / bottom.Count;
            places.Add((bottom[i], new Rect(x, top + rows - bandRows, w, bandRows)));
        }

        return places;
    }

    /// <summary>Panes one under another: each its own rows, and those without share what is left, the last taking the remainder.</summary>
    private static List<(IPane, Rect)> Column(List<IPane> panes, int x, int width, int top, int rows, Func<IPane, Func<int, int>?> rowsOf)
    {
        var own = panes.Select(p => rowsOf(p)?.Invoke(rows)).ToList();
        var fillers = own.Count(r => r is null);
        var left = Math.Max(0, rows - own.Sum(r => r ?? 0));
        var places = new List<(IPane, Rect)>(panes.Count);
        var y = top;
        var filled = 0;
        for (var i = 0; i < panes.Count; i++)
        {
            var h = own[i] ?? (++filled == fillers ? left - (left / fillers * (fillers - 1)) : left / fillers);
            places.Add((panes[i], new Rect(x, y, width, h)));
            y += h;
        }

        return places;
    }
}
