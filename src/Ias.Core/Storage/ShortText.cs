namespace Ias.Core.Storage;

/// <summary>
/// Cutting text to a length and folding it onto one line, the one place every log line, message and pane does it.
/// Lengths count chars; a terminal's cells are the dashboard's business.
/// </summary>
public static class ShortText
{
    /// <summary>The ellipsis that marks a cut.</summary>
    public const string Ellipsis = "…";

    /// <summary><paramref name="text"/> whole when it has at most <paramref name="max"/> chars, else its first <paramref name="max"/> - 1 and an ellipsis.</summary>
    public static string Cut(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : string.Concat(text.AsSpan(0, Math.Max(0, max - 1)), Ellipsis);
    }

    /// <summary>
    /// <paramref name="text"/> whole when it has at most <paramref name="max"/> chars, else an ellipsis and its last
    /// <paramref name="max"/> - 1: for a path, whose end says which one it is.
    /// </summary>
    public static string CutStart(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : max <= 0 ? "" : string.Concat(Ellipsis, text.AsSpan(text.Length - (max - 1)));
    }

    /// <summary><paramref name="text"/> whole when it has at most <paramref name="keep"/> chars, else its first <paramref name="keep"/> and an ellipsis.</summary>
    public static string CutAfter(string text, int keep)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= keep ? text : string.Concat(text.AsSpan(0, keep), Ellipsis);
    }

    /// <summary>
    /// <paramref name="text"/> in at most <paramref name="width"/> chars: whole when it fits, else cut at the last space
    /// that keeps a good part of it (mid-word only when a word is that long), always with an ellipsis.
    /// </summary>
    public static string CutAtWord(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= width)
        {
            return text;
        }

        if (width <= 1)
        {
            return width == 1 ? Ellipsis : "";
        }

        var cut = text.LastIndexOf(' ', width - 1);
        var end = cut >= (width - 1) / 2 ? cut : width - 1;
        return text[..end].TrimEnd(' ', ',', ';', ':') + Ellipsis;
    }

    /// <summary>The first line of <paramref name="text"/> that is not blank, trimmed; <paramref name="none"/> when every line is.</summary>
    public static string FirstLine(string text, string none = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? none;
    }

    /// <summary><paramref name="text"/> on one line: each line ending a space, the ends trimmed.</summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ReplaceLineEndings(" ").Trim();
    }

    /// <summary>The lines of <paramref name="text"/> that are not blank, trimmed and joined by one space; <paramref name="tabsToo"/> breaks at tabs as well.</summary>
    public static string JoinLines(string text, bool tabsToo = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join(' ', text.Split(tabsToo ? ['\n', '\r', '\t'] : ['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>The words of <paramref name="text"/> joined by one space: every run of spaces, tabs and line endings becomes one space.</summary>
    public static string Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join(' ', text.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }
}
