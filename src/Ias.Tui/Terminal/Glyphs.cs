using Spectre.Console;

namespace Ias.Tui.Terminal;

/// <summary>The symbols a dashboard draws, as Unicode or as plain ASCII for --ascii and terminals without the fonts.</summary>
public sealed record Glyphs(
    string Running,
    string Done,
    string Failed,
    string Pending,
    string Halted,
    char BarFull,
    char BarEmpty,
    string Ellipsis,
    string Separator,
    BoxBorder Box,
    TableBorder Table,
    string Watched)
{
    public static Glyphs Unicode { get; } = new("●", "✓", "✗", "○", "‖", '█', '░', "…", "│", BoxBorder.Rounded, TableBorder.Rounded, "▶");

    public static Glyphs Ascii { get; } = new("*", "+", "x", "-", "=", '#', '.', "...", "|", BoxBorder.Ascii, TableBorder.Ascii, ">");

    public static Glyphs For(bool ascii) => ascii ? Ascii : Unicode;

    /// <summary>A bar of <paramref name="width"/> columns filled to <paramref name="fraction"/> (clamped to 0–1).</summary>
    public string Bar(double fraction, int width)
    {
        if (width <= 0)
        {
            return string.Empty;
        }

        var filled = double.IsNaN(fraction) ? 0 : (int)Math.Round(Math.Clamp(fraction, 0, 1) * width, MidpointRounding.AwayFromZero);
        return new string(BarFull, filled) + new string(BarEmpty, width - filled);
    }
}
