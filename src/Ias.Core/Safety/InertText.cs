using System.Buffers;
using System.Text;

namespace Ias.Core.Safety;

/// <summary>
/// Text an agent could have written, made inert before ias prints or stores it: every terminal escape sequence (CSI, OSC,
/// DCS, SOS, PM, APC, in their ESC and C1 forms, payload and all) and a lone ESC are removed, and so is every other
/// control character, DEL, bidi control and invisible format character. Nothing is made visible: what is left is the
/// text a reader sees. <see cref="Line"/> gives one line; <see cref="Lines"/> keeps line breaks and tabs.
/// </summary>
public static class InertText
{
    private const char Esc = '\u001b';
    private const char Bel = '\u0007';
    private const char C1StringEnd = '\u009c';

    // Everything the slow path may drop or change; clean text holds none of these and costs one vectorized search.
    // Line breaks and tabs are in the one-line set only; a carriage return is in both, since alone it moves the cursor
    // back over what was printed. The lead surrogate U+DB40 starts the tag characters and the supplementary variation
    // selectors (U+E0000–U+E01EF), invisible characters that can carry a hidden message.
    private static readonly SearchValues<char> OneLineSuspects = SearchValues.Create(Suspects(multiLine: false));
    private static readonly SearchValues<char> MultiLineSuspects = SearchValues.Create(Suspects(multiLine: true));

    /// <summary>One line: line breaks and tabs become spaces, everything else as <see cref="InertText"/> says; the same instance when clean.</summary>
    public static string Line(string text) => Clean(text, multiLine: false);

    /// <summary>Many lines: line breaks become \n and tabs stay, everything else as <see cref="InertText"/> says; the same instance when clean.</summary>
    public static string Lines(string text) => Clean(text, multiLine: true);

    /// <summary>A nullable text as <see cref="Line"/> makes it.</summary>
    public static string? LineOrNull(string? text) => text is null ? null : Line(text);

    private static string Clean(string text, bool multiLine)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.AsSpan().IndexOfAny(multiLine ? MultiLineSuspects : OneLineSuspects);
        if (first < 0)
        {
            return text;
        }

        var b = new StringBuilder(text.Length);
        b.Append(text, 0, first);
        var breakChar = multiLine ? '\n' : ' ';
        var i = first;
        while (i < text.Length)
        {
            var c = text[i];
            switch (c)
            {
                case Esc:
                    i = AfterEscape(text, i + 1);
                    continue;
                case '\u009b':
                    i = AfterCsi(text, i + 1);
                    continue;
                case '\u0090' or '\u0098' or '\u009d' or '\u009e' or '\u009f':
                    i = AfterString(text, i + 1);
                    continue;
                case '\r':
                    // CRLF is one break; a lone CR is a break too, never a return over the line's start.
                    b.Append(breakChar);
                    i += i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    continue;
                case '\n' or '\u0085' or '\u2028' or '\u2029':
                    b.Append(breakChar);
                    break;
                case '\t':
                    b.Append(multiLine ? '\t' : ' ');
                    break;
                case '\udb40' when i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]):
                    i += 2;
                    continue;
                default:
                    if (!IsInvisible(c))
                    {
                        b.Append(c);
                    }

                    break;
            }

            i++;
        }

        return b.ToString();
    }

    /// <summary>Where the text goes on after an ESC whose next character stands at <paramref name="i"/>.</summary>
    private static int AfterEscape(string text, int i)
    {
        if (i >= text.Length)
        {
            return i;
        }

        switch (text[i])
        {
            case '[':
                return AfterCsi(text, i + 1);
            case ']' or 'P' or 'X' or '^' or '_':
                return AfterString(text, i + 1);
            case >= ' ' and <= '/':
                // ESC, intermediates, one final: character set choices such as ESC ( 0.
                while (i < text.Length && text[i] is >= ' ' and <= '/')
                {
                    i++;
                }

                return i < text.Length && text[i] is >= '0' and <= '~' ? i + 1 : i;
            case >= '0' and <= '~':
                return i + 1;
            default:
                return i; // a lone ESC: the character after it is read as itself
        }
    }

    /// <summary>Where a control sequence whose parameters start at <paramref name="i"/> ends: parameters, intermediates, one final.</summary>
    private static int AfterCsi(string text, int i)
    {
        while (i < text.Length && text[i] is >= '0' and <= '?')
        {
            i++;
        }

        while (i < text.Length && text[i] is >= ' ' and <= '/')
        {
            i++;
        }

        return i < text.Length && text[i] is >= '@' and <= '~' ? i + 1 : i;
    }

    /// <summary>
    /// Where a control string (OSC, DCS, SOS, PM, APC) whose payload starts at <paramref name="i"/> ends: after BEL, ST
    /// (ESC \ or U+009C), CAN or SUB. An unterminated one ends at the line's end, so it cannot take the lines after it.
    /// </summary>
    private static int AfterString(string text, int i)
    {
        for (; i < text.Length; i++)
        {
            switch (text[i])
            {
                case Bel or C1StringEnd or '\u0018' or '\u001a':
                    return i + 1;
                case Esc:
                    return i + 1 < text.Length && text[i + 1] == '\\' ? i + 2 : i;
                case '\n' or '\r':
                    return i;
            }
        }

        return i;
    }

    /// <summary>Controls, DEL, bidi controls and the invisible format characters; the joiners U+200C and U+200D stay, emoji and scripts need them.</summary>
    private static bool IsInvisible(char c) => c switch
    {
        < ' ' or (>= '\u007f' and <= '\u009f') => true,
        '\u00ad' or '\u034f' or '\u061c' or '\u115f' or '\u1160' or '\u17b4' or '\u17b5' or (>= '\u180b' and <= '\u180f') => true,
        '\u200b' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2060' and <= '\u206f') => true,
        '\u3164' or '\ufeff' or '\uffa0' or (>= '\ufff9' and <= '\ufffb') => true,
        _ => false,
    };

    private static char[] Suspects(bool multiLine)
    {
        var all = new List<char>();
        for (var c = '\0'; c < '\uffff'; c++)
        {
            if (IsInvisible(c) && !(multiLine && c is '\n' or '\t'))
            {
                all.Add(c);
            }
        }

        all.AddRange(['\u2028', '\u2029', '\udb40']);
        return [.. all];
    }
}
