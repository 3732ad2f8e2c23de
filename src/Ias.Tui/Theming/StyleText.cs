using System.Globalization;
using Spectre.Console;

namespace Ias.Tui.Theming;

/// <summary>The style strings of theme files, such as "bold white on red": decorations, a foreground colour, and "on" a background colour.</summary>
public static class StyleText
{
    private const string ColourHint = "use an ANSI name (red, bright_red, …), default, a palette number 0-255 or #rrggbb";

    private static readonly (string Word, Decoration Decoration)[] Decorations =
    [
        ("bold", Decoration.Bold),
        ("dim", Decoration.Dim),
        ("italic", Decoration.Italic),
        ("underline", Decoration.Underline),
        ("reverse", Decoration.Invert),
        ("strikethrough", Decoration.Strikethrough),
    ];

    /// <summary>Reads a style string; a bad one throws a one-line ThemeException that names the bad word.</summary>
    public static Style Parse(string text)
    {
        if (TryParse(text, out var style, out var problem))
        {
            return style;
        }

        throw new ThemeException(problem.Message);
    }

    /// <summary>Writes a style back as a style string that Parse reads to the same style.</summary>
    public static string Format(Style style)
    {
        var words = new List<string>();
        foreach (var (word, decoration) in Decorations)
        {
            if (style.Decoration.HasFlag(decoration))
            {
                words.Add(word);
            }
        }

        var hasBackground = !style.Background.Equals(Color.Default);
        if (!style.Foreground.Equals(Color.Default) || hasBackground || words.Count == 0)
        {
            words.Add(FormatColour(style.Foreground));
        }

        if (hasBackground)
        {
            words.Add("on");
            words.Add(FormatColour(style.Background));
        }

        return string.Join(' ', words);
    }

    internal static bool TryParse(string text, out Style style, out StyleProblem problem)
    {
        style = Style.Plain;
        problem = default;
        var words = Words(text);
        if (words.Count == 0)
        {
            problem = new StyleProblem("empty style; write \"default\" for plain text", 0, "");
            return false;
        }

        var decoration = Decoration.None;
        Color? foreground = null;
        Color? background = null;
        for (var i = 0; i < words.Count; i++)
        {
            var (word, offset) = words[i];
            if (DecorationOf(word) is { } d)
            {
                decoration |= d;
                continue;
            }

            if (word.Equals("on", StringComparison.OrdinalIgnoreCase))
            {
                if (i + 1 >= words.Count)
                {
                    problem = new StyleProblem($"\"on\" needs a background colour after it in \"{text}\"; write e.g. \"bold white on red\"", offset, word);
                    return false;
                }

                var (next, nextOffset) = words[++i];
                if (background is not null)
                {
                    problem = new StyleProblem($"two background colours in \"{text}\"; keep one \"on <colour>\"", offset, word);
                    return false;
                }

                if (ColourOf(next) is not { } back)
                {
                    problem = new StyleProblem($"bad colour \"{next}\" in \"{text}\"; {ColourHint}", nextOffset, next);
                    return false;
                }

                background = back;
                continue;
            }

            if (ColourOf(word) is { } colour)
            {
                if (foreground is not null)
                {
                    problem = new StyleProblem($"two foreground colours in \"{text}\" (\"{word}\" is the second); put \"on\" before a background colour", offset, word);
                    return false;
                }

                foreground = colour;
                continue;
            }

            problem = NearDecoration(word) is { } near
                ? new StyleProblem($"unknown decoration \"{word}\" in \"{text}\"; did you mean \"{near}\"?", offset, word)
                : new StyleProblem($"bad colour \"{word}\" in \"{text}\"; {ColourHint}", offset, word);
            return false;
        }

        style = new Style(foreground ?? Color.Default, background ?? Color.Default, decoration);
        return true;
    }

    private static List<(string Word, int Offset)> Words(string text)
    {
        var words = new List<(string, int)>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            words.Add((text[start..i], start));
        }

        return words;
    }

    private static Decoration? DecorationOf(string word)
    {
        foreach (var (name, decoration) in Decorations)
        {
            if (word.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return decoration;
            }
        }

        return null;
    }

    private static string? NearDecoration(string word) =>
        Decorations.Select(d => d.Word).FirstOrDefault(name => Suggest.Distance(word.ToLowerInvariant(), name) <= 2);

    private static Color? ColourOf(string word)
    {
        if (word.Equals("default", StringComparison.OrdinalIgnoreCase))
        {
            return Color.Default;
        }

        // ANSI names map to palette numbers 0-15, never to RGB, so they follow the terminal's own palette (what the solarized-16 theme relies on).
        if (Palette.AnsiNumber(word) is { } ansi)
        {
            return Color.FromInt32(ansi);
        }

        var number = word;
        foreach (var prefix in (string[])["color(", "colour("])
        {
            if (word.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && word.EndsWith(')'))
            {
                number = word[prefix.Length..^1];
                break;
            }
        }

        if (number.Length is > 0 and <= 3 && number.All(char.IsAsciiDigit))
        {
            var n = int.Parse(number, CultureInfo.InvariantCulture);
            return n <= 255 ? Color.FromInt32(n) : null;
        }

        if (word.Length == 7 && word[0] == '#' && word[1..].All(char.IsAsciiHexDigit))
        {
            var rgb = int.Parse(word[1..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return new Color((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);
        }

        return null;
    }

    private static string FormatColour(Color colour) => Palette.NumberOf(colour) switch
    {
        { } n when n < 16 => Palette.AnsiNames[n],
        { } n => string.Create(CultureInfo.InvariantCulture, $"color({n})"),
        null when colour.Equals(Color.Default) => "default",
        null => "#" + colour.ToHex().ToLowerInvariant(),
    };
}
