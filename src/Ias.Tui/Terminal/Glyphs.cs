using System.Text;
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
    string Watched,
    string Blocked,
    string HeldBack)
{
    public static Glyphs Unicode { get; } = new("●", "✓", "✗", "○", "‖", '█', '░', "…", "│", BoxBorder.Rounded, TableBorder.Rounded, "▶", "?", "◌");

    public static Glyphs Ascii { get; } = new("*", "+", "x", "-", "=", '#', '.', "...", "|", BoxBorder.Ascii, TableBorder.Ascii, ">", "?", "~");

    // The symbols our own texts use, and the punctuation agents' and git's texts often carry: each, a space, its ASCII spelling.
    private static readonly Dictionary<string, string> Spelt = new[]
    {
        "→ ->", "← <-", "↑ ^", "↓ v", "↳ `-", "… ...", "× x", "· -", "— --", "– -", "− -", "≥ >=", "≤ <=", "⚠ !", "✓ +", "✗ x",
        "● *", "○ -", "◌ ~", "▶ >", "‖ =", "█ #", "░ .", "─ -", "│ |", "├ +", "└ `", "‘ '", "’ '", "“ \"", "” \"", "\u00a0  ",
    }.ToDictionary(p => p[..1], p => p[2..], StringComparer.Ordinal);

    public static Glyphs For(bool ascii) => ascii ? Ascii : Unicode;

    /// <summary>ASCII with --ascii or where the locale's character set is not UTF-8 (see <see cref="Utf8Locale"/>), else Unicode.</summary>
    public static Glyphs For(bool ascii, Func<string, string?> variable) => For(ascii || !Utf8Locale(variable));

    /// <summary>
    /// Whether the locale, named as the C library names it (the first of LC_ALL, LC_CTYPE and LANG that is set and not
    /// empty), has UTF-8 characters; true when none is set, where the C library would say C but the terminal is most
    /// likely UTF-8 (a bare container or service environment) and nothing says otherwise.
    /// </summary>
    public static bool Utf8Locale(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var locale = new[] { "LC_ALL", "LC_CTYPE", "LANG" }.Select(variable).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        return locale is null || locale.Replace("-", "", StringComparison.Ordinal).Contains("utf8", StringComparison.OrdinalIgnoreCase);
    }

    public bool IsAscii => this == Ascii;

    /// <summary>Text as this set draws it: the ASCII set spells it in ASCII (see <see cref="Spell"/>), the Unicode set leaves it alone.</summary>
    public string Text(string text) => IsAscii ? Spell(text) : text;

    /// <summary>
    /// <paramref name="text"/> in ASCII alone, for text laid out after: known symbols spelt out (→ as ->), accents
    /// dropped, any other character outside ASCII, an agent's as much as ours, as ?.
    /// </summary>
    public static string Spell(string text) => Fold(text, inPlace: false);

    /// <summary>
    /// <paramref name="text"/> in ASCII alone, each character in the columns it took, for text already laid out: a symbol
    /// whose spelling is longer keeps its first characters (… as .), a wide one is padded with a space.
    /// </summary>
    public static string InPlace(string text) => Fold(text, inPlace: true);

    private static string Fold(string text, bool inPlace)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.All(char.IsAscii))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var g in CellWidth.Graphemes(text))
        {
            // A grapheme of no width (a lone variation selector) is never drawn (see CellBuffer.Put).
            var width = CellWidth.Of(g);
            var spelt = g.All(char.IsAscii) || width == 0 ? g : SpeltOf(g);
            sb.Append(width == 0 ? "" : inPlace ? spelt.PadRight(width)[..width] : spelt);
        }

        return sb.ToString();
    }

    /// <summary>A symbol followed by a variation selector is spelt as the symbol, an accented letter as the letter (é as e), the rest as ?.</summary>
    private static string SpeltOf(string grapheme)
    {
        var first = grapheme[..1];
        return Spelt.GetValueOrDefault(first)
            ?? (!char.IsSurrogate(first[0]) && first.Normalize(NormalizationForm.FormD)[0] is var bare && char.IsAscii(bare) ? bare.ToString() : "?");
    }

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
