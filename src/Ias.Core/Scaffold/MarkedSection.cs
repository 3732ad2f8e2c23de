namespace Ias.Core.Scaffold;

/// <summary>
/// The part of a person's AGENTS.md or CLAUDE.md that ias writes, between two marker lines: replaced in place when ias
/// writes it again, appended when the file has none, and everything outside the markers left exactly as it was.
/// </summary>
public static class MarkedSection
{
    public const string Begin = "<!-- ias:begin (written by ias bootstrap; what is between these markers is replaced when it runs again) -->";

    public const string End = "<!-- ias:end -->";

    // Found by the start of the begin line, so a marker whose explanation changes in a later ias is still found.
    private const string BeginStart = "<!-- ias:begin";

    /// <summary>The section as it stands in a file: the markers and <paramref name="body"/>.</summary>
    public static string Block(string body) => $"{Begin}\n{body.TrimEnd('\n')}\n{End}\n";

    /// <summary>The section of <paramref name="text"/>, markers included; null when it has none.</summary>
    public static string? Find(string text) => Span(text) is var (start, length) ? text.Substring(start, length) : null;

    /// <summary>Whether <paramref name="text"/> has a begin marker with no end marker after it: a section a person broke.</summary>
    public static bool Broken(string text) => Span(text) is null && Starts(text).Any();

    /// <summary><paramref name="text"/> with its section replaced by <paramref name="body"/>'s, or with it appended when it had none.</summary>
    public static string Merge(string text, string body)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Span(text) is var (start, length))
        {
            return string.Concat(text.AsSpan(0, start), Block(body), text.AsSpan(start + length));
        }

        var separator = text.Length == 0 ? "" : text.EndsWith("\n\n", StringComparison.Ordinal) ? "" : text.EndsWith('\n') ? "\n" : "\n\n";
        return text + separator + Block(body);
    }

    // From the first begin line to the end of the end line after it; null without both.
    private static (int Start, int Length)? Span(string text)
    {
        foreach (var start in Starts(text))
        {
            var end = text.IndexOf("\n" + End, start, StringComparison.Ordinal);
            if (end >= 0)
            {
                var stop = end + 1 + End.Length;
                stop = stop < text.Length && text[stop] == '\n' ? stop + 1 : stop;
                return (start, stop - start);
            }
        }

        return null;
    }

    private static IEnumerable<int> Starts(string text)
    {
        for (var at = text.IndexOf(BeginStart, StringComparison.Ordinal); at >= 0; at = text.IndexOf(BeginStart, at + 1, StringComparison.Ordinal))
        {
            if (at == 0 || text[at - 1] == '\n')
            {
                yield return at;
            }
        }
    }
}
