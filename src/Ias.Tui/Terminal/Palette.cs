using Spectre.Console;

namespace Ias.Tui.Terminal;

/// <summary>The xterm 256-colour palette: which Spectre colours are palette entries, and the nearest entry to an RGB colour.</summary>
public static class Palette
{
    private static readonly Color[] Entries = [.. Enumerable.Range(0, 256).Select(Color.FromInt32)];

    // Spectre keeps a colour's palette number internal, but its markup name is unique per entry ("red", "grey93",
    // "magenta2_1") and RGB colours print as "#RRGGBB"; the name tells the two apart without reflection.
    private static readonly Dictionary<string, int> NumberByName = Enumerable.Range(0, 256).ToDictionary(n => Entries[n].ToMarkup(), n => n, StringComparer.Ordinal);

    /// <summary>The palette number of a colour made from one (Color.Red, Color.FromInt32), or null for an RGB colour or the default.</summary>
    public static int? NumberOf(string markupName) => NumberByName.TryGetValue(markupName, out var n) ? n : null;

    /// <summary>The palette number of a colour made from one, or null for an RGB colour or the default.</summary>
    public static int? NumberOf(Color color) => NumberOf(color.ToMarkup());

    /// <summary>The nearest of entries 16–255; 0–15 are left out because users retheme them.</summary>
    public static int Nearest256(Color color) => Nearest(color, 16, 256);

    /// <summary>The nearest of the 16 basic colours, judged by their usual xterm values.</summary>
    public static int Nearest16(Color color) => Nearest(color, 0, 16);

    private static int Nearest(Color color, int from, int to)
    {
        var best = from;
        var bestDistance = long.MaxValue;
        for (var n = from; n < to; n++)
        {
            var distance = Distance(color, Entries[n]);
            if (distance < bestDistance)
            {
                best = n;
                bestDistance = distance;
            }
        }

        return best;
    }

    // Red-weighted ("redmean") distance: a cheap approximation of how far apart two colours look.
    private static long Distance(Color a, Color b)
    {
        long meanRed = (a.R + b.R) / 2;
        long dr = a.R - b.R;
        long dg = a.G - b.G;
        long db = a.B - b.B;
        return (((512 + meanRed) * dr * dr) >> 8) + (4 * dg * dg) + (((767 - meanRed) * db * db) >> 8);
    }
}
