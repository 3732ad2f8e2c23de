using System.Globalization;
using Spectre.Console.Rendering;

namespace Ias.Tui.Terminal;

/// <summary>Splits text into graphemes and measures them the way Spectre lays widgets out.</summary>
internal static class CellWidth
{
    private static readonly string[] Ascii = [.. Enumerable.Range(0, 128).Select(c => ((char)c).ToString())];

    /// <summary>Columns one grapheme takes: 0 (dropped), 1 or 2.</summary>
    public static int Of(string grapheme)
    {
        if (grapheme.Length == 1 && grapheme[0] is >= ' ' and < '\x7f')
        {
            return 1;
        }

        // Spectre's own cell table (Spectre.Console.Cell is internal; Segment.CellCount calls it) so that a table's
        // borders stay where Spectre measured them. A cluster such as 👍🏽 sums to 4 there, but terminals draw one
        // glyph of at most two columns, so the width is capped at 2.
        return Math.Clamp(new Segment(grapheme).CellCount(), 0, 2);
    }

    /// <summary>The graphemes of <paramref name="text"/> that can be drawn; control characters never reach the terminal, a tab becomes a space.</summary>
    public static IEnumerable<string> Graphemes(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c < 0x80 && (i + 1 == text.Length || text[i + 1] < 0x80))
            {
                i++;
                if (c == '\t')
                {
                    yield return " ";
                }
                else if (!char.IsControl(c))
                {
                    yield return Ascii[c];
                }

                continue;
            }

            var length = StringInfo.GetNextTextElementLength(text, i);
            var grapheme = text.Substring(i, length);
            i += length;
            if (!char.IsControl(grapheme[0]))
            {
                yield return grapheme;
            }
        }
    }
}
