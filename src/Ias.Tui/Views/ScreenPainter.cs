using Ias.Tui.Terminal;
using Ias.Tui.Theming;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Views;

/// <summary>Paints Spectre widgets into one frame's cell buffer in the dashboard's look: panes, dialogs and the overlays' lists.</summary>
public sealed class ScreenPainter(CellBuffer buffer, Theme theme, Glyphs glyphs, ColorMode colorMode)
{
    public CellBuffer Buffer { get; } = buffer;

    public Theme Theme { get; } = theme;

    public Glyphs Glyphs { get; } = glyphs;

    /// <summary>The widest an overlay's list is, so a long row stays readable on a wide terminal.</summary>
    public int ListWidth => Math.Min(Buffer.Width - 2, 120);

    public void Paint(Rect area, IRenderable widget) =>
        SpectrePainter.Paint(Buffer, area, widget, colorMode, unicode: !Glyphs.IsAscii);

    /// <summary>A bordered box of <paramref name="visible"/> rows with <paramref name="title"/> in its top border, over whatever is below it.</summary>
    public void Box(Rect area, IEnumerable<IRenderable> rows, int visible, string title) =>
        Paint(area, new Panel(Pieces.Fill(rows, visible))
        {
            Border = Glyphs.Box,
            BorderStyle = Theme.Style(ThemeRoles.DialogBorder),
            Header = new PanelHeader(Pieces.Title(Glyphs.Text(title), Theme.Style(ThemeRoles.HelpTitle))),
            Padding = new Padding(0, 0, 0, 0),
            Expand = true,
        });

    /// <summary>
    /// Draws a list over the panes, below the header: scrolled to keep row <paramref name="selected"/> in view, or when
    /// none is (-1) from row <paramref name="top"/>; returns how far it can scroll and how many rows it shows.
    /// </summary>
    public (int LastTop, int Visible) List(IReadOnlyList<IRenderable> rows, string title, int selected, int top)
    {
        var width = ListWidth;
        var height = Buffer.Height - 2;
        var visible = Math.Max(1, height - 2);
        var lastTop = Math.Max(0, rows.Count - visible);
        top = selected >= 0 ? Math.Clamp(selected - visible + 1, 0, lastTop) : Math.Clamp(top, 0, lastTop);
        var area = new Rect((Buffer.Width - width) / 2, 1, width, height);
        Box(area, rows.Skip(top), visible, title);
        return (lastTop, visible);
    }
}
