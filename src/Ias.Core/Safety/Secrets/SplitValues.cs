using System.Buffers;
using System.Text;

namespace Ias.Core.Safety.Secrets;

/// <summary>
/// Known secret values broken by line breaks (wrapped at a width, or cut in two): found where the pieces on either side of
/// a break, real or JSON's escaped <c>\n</c>, join into a whole value, and at a line's edges when a piece is half a value.
/// </summary>
internal sealed class SplitValues
{
    // A piece alone at a line's edge, with the rest of its value out of sight, is taken for the value's only when it is at
    // least half of it and this long: shorter heads ("sk-ant-api03-") are shared by every key of a provider.
    private const int ShortestEdgePiece = 10;

    // Keyed by the two characters either side of a cut: the last of the head and the first of the rest.
    private readonly Dictionary<int, List<(string Value, int Cut)>> _cuts = [];

    // Heads and tails of at least half a value, keyed by their last two and first two characters.
    private readonly Dictionary<int, List<(string Value, int Cut)>> _heads = [];
    private readonly Dictionary<int, List<(string Value, int Cut)>> _tails = [];

    /// <summary>Indexes <paramref name="values"/>, longest first so a value holding another is taken whole.</summary>
    public SplitValues(IEnumerable<string> values)
    {
        var halves = new List<string>();
        foreach (var value in values.Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length))
        {
            var half = (value.Length + 1) / 2;
            halves.Add(value[..half]);
            halves.Add(value[^half..]);
            var edge = Math.Max(half, ShortestEdgePiece);
            for (var cut = 1; cut < value.Length; cut++)
            {
                Add(_cuts, Key(value[cut - 1], value[cut]), value, cut);
                if (cut >= edge && cut >= 2)
                {
                    Add(_heads, Key(value[cut - 2], value[cut - 1]), value, cut);
                }

                if (value.Length - cut >= edge)
                {
                    Add(_tails, Key(value[cut], value[cut + 1]), value, cut);
                }
            }
        }

        Halves = [.. halves.Distinct(StringComparer.Ordinal)];
        _search = Halves.Length == 0 ? null : SearchValues.Create(Halves, StringComparison.Ordinal);
    }

    private readonly SearchValues<string>? _search;

    /// <summary>No values.</summary>
    public static SplitValues None { get; } = new([]);

    /// <summary>
    /// The first and the last half of every value: a value broken in two leaves one of them whole on one side of the break,
    /// so a text holding neither holds no broken value (unless it is broken twice, each piece shorter than a half).
    /// </summary>
    public string[] Halves { get; }

    /// <summary>Whether <paramref name="text"/> holds half of a value.</summary>
    public bool MayHold(ReadOnlySpan<char> text) => _search is not null && text.ContainsAny(_search);

    /// <summary>The text with every piece of a value broken across its line breaks replaced by <see cref="SecretRedactor.Mark"/>, the breaks kept.</summary>
    public string Redact(string text)
    {
        if (!MayHold(text))
        {
            return text;
        }

        var span = text.AsSpan();
        var pieces = new List<(int Start, int End)>();
        var taken = 0;
        var at = span.IndexOfAny('\n', '\r', '\\');
        while (at >= 0)
        {
            var next = at + 1;
            if (BreakLength(span, at) is var brk and > 0 && at > 0 && at + brk < span.Length
                && _cuts.TryGetValue(Key(span[at - 1], span[at + brk]), out var candidates))
            {
                foreach (var (value, cut) in candidates)
                {
                    var start = at - cut;
                    var count = pieces.Count;
                    if (start >= taken && span[start..at].SequenceEqual(value.AsSpan(0, cut)) && Rest(span, at + brk, value.AsSpan(cut), pieces) is var end and >= 0)
                    {
                        pieces.Insert(count, (start, at));
                        taken = next = end;
                        break;
                    }
                }
            }

            at = next < span.Length && span[next..].IndexOfAny('\n', '\r', '\\') is var k and >= 0 ? next + k : -1;
        }

        return Replaced(text, pieces);
    }

    /// <summary>The values whose head, at least half of it, ends <paramref name="line"/>, with where each was cut.</summary>
    public IEnumerable<(string Value, int Cut)> HeadsEnding(string line)
    {
        if (line.Length < 2 || !_heads.TryGetValue(Key(line[^2], line[^1]), out var candidates))
        {
            return [];
        }

        return candidates.Where(c => line.AsSpan().EndsWith(c.Value.AsSpan(0, c.Cut)));
    }

    /// <summary>How long the longest tail of a value, at least half of it, that starts <paramref name="line"/> at <paramref name="at"/> is; 0 when none does.</summary>
    public int TailStarting(string line, int at)
    {
        if (at + 1 >= line.Length || !_tails.TryGetValue(Key(line[at], line[at + 1]), out var candidates))
        {
            return 0;
        }

        var longest = 0;
        foreach (var (value, cut) in candidates)
        {
            if (value.Length - cut > longest && line.AsSpan(at).StartsWith(value.AsSpan(cut)))
            {
                longest = value.Length - cut;
            }
        }

        return longest;
    }

    /// <summary>The length of the line break at <paramref name="at"/> (LF, CRLF, or their JSON escapes) with the blanks after it; 0 when none stands there.</summary>
    public static int BreakLength(ReadOnlySpan<char> text, int at)
    {
        var rest = text[at..];
        var length = rest.StartsWith("\r\n") ? 2 : rest.StartsWith("\n") ? 1 : rest.StartsWith("\\r\\n") ? 4 : rest.StartsWith("\\n") ? 2 : 0;
        if (length == 0)
        {
            return 0;
        }

        while (at + length < text.Length && text[at + length] is ' ' or '\t')
        {
            length++;
        }

        return length;
    }

    /// <summary>Where <paramref name="rest"/> ends in <paramref name="text"/> from <paramref name="at"/>, broken by further line breaks; each piece goes to <paramref name="pieces"/>. -1 when it does not stand there.</summary>
    private static int Rest(ReadOnlySpan<char> text, int at, ReadOnlySpan<char> rest, List<(int Start, int End)> pieces)
    {
        var found = new List<(int Start, int End)>();
        var start = at;
        var matched = 0;
        while (matched < rest.Length)
        {
            if (at < text.Length && text[at] == rest[matched])
            {
                at++;
                matched++;
            }
            else if (at > start && at < text.Length && BreakLength(text, at) is var brk and > 0)
            {
                found.Add((start, at));
                at += brk;
                start = at;
            }
            else
            {
                return -1;
            }
        }

        found.Add((start, at));
        pieces.AddRange(found);
        return at;
    }

    private static string Replaced(string text, List<(int Start, int End)> pieces)
    {
        if (pieces.Count == 0)
        {
            return text;
        }

        var b = new StringBuilder(text.Length);
        var copied = 0;
        foreach (var (start, end) in pieces)
        {
            b.Append(text, copied, start - copied).Append(SecretRedactor.Mark);
            copied = end;
        }

        return b.Append(text, copied, text.Length - copied).ToString();
    }

    private static int Key(char a, char b) => (a << 16) | b;

    private static void Add(Dictionary<int, List<(string Value, int Cut)>> index, int key, string value, int cut)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add((value, cut));
    }
}
