using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ias.Tui.Terminal;

/// <summary>Renders Spectre.Console widgets into a rectangle of a cell buffer.</summary>
public static class SpectrePainter
{
    /// <summary>Blanks <paramref name="area"/> and draws <paramref name="widget"/> laid out at the area's width, cropped to its height.</summary>
    public static void Paint(CellBuffer buffer, Rect area, IRenderable widget, ColorMode colorMode = ColorMode.Palette256, bool unicode = true)
    {
        if (area.IsEmpty)
        {
            return;
        }

        buffer.Fill(area, ' ', Style.Plain);

        // ConsoleSize is what Layout fills and what Spectre clamps heights to; the width argument is what it wraps to.
        var options = new RenderOptions(new TerminalCapabilities(colorMode, unicode), new Size(area.Width, area.Height));
        var row = 0;
        var column = 0;
        foreach (var segment in widget.Render(options, area.Width))
        {
            if (segment.IsControlCode)
            {
                continue;
            }

            if (segment.IsLineBreak)
            {
                if (++row >= area.Height)
                {
                    return;
                }

                column = 0;
                continue;
            }

            var lines = segment.Text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    if (++row >= area.Height)
                    {
                        return;
                    }

                    column = 0;
                }

                if (column < area.Width)
                {
                    // Whatever a widget drew outside ASCII (an ellipsis Spectre cut a title with) stays out of an ASCII frame.
                    var text = unicode ? lines[i] : Glyphs.InPlace(lines[i]);
                    column = buffer.Put(area.X + column, area.Y + row, text, segment.Style, area.Width - column) - area.X;
                }
            }
        }
    }
}
