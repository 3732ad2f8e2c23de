using System.Buffers;
using System.Text.Json;

namespace Ias.Core.Safety.Secrets;

/// <summary>
/// The secret values redactors recognised by their context (an assignment's value, a URL's password, a bearer token, a
/// private key's lines), so that every redactor sharing the memory also redacts them where they later stand bare. Held in
/// memory only, never written anywhere.
/// </summary>
public sealed class SecretMemory
{
    /// <summary>How many values one memory keeps; later ones are still redacted where their context shows them, not bare.</summary>
    public const int Capacity = 1000;

    // Shorter values are too likely to be ordinary words that would blank out honest output wherever they recur.
    private const int ShortestValue = 8;

    private readonly Lock _gate = new();
    private volatile Learned _learned = Learned.None;

    /// <summary>
    /// The memory of this engine process: every agent turn, test run, commit message, PR text and notification of the run
    /// (or the queue runner's jobs) it drives shares it, so a value seen once is redacted in all that follows. A run resumed
    /// by another process starts with an empty memory.
    /// </summary>
    public static SecretMemory ThisProcess { get; } = new();

    /// <summary>How many values the memory holds.</summary>
    public int Count => _learned.Values.Length;

    /// <summary>Whether <paramref name="text"/> holds a value the memory holds, or half of one.</summary>
    internal bool MayHold(ReadOnlySpan<char> text) => _learned.Search is { } search && text.ContainsAny(search);

    /// <summary>The values the memory holds, as pieces broken by line breaks are found.</summary>
    internal SplitValues Splits => _learned.Splits;

    /// <summary>Where the first value the memory holds (or half of one) stands in <paramref name="bytes"/>, UTF-8 read one char per byte; -1 when none does.</summary>
    internal int IndexIn(ReadOnlySpan<char> bytes) => _learned.Bytes.IndexIn(bytes);

    /// <summary>The text with every value the memory holds, whole or broken by line breaks, replaced by <see cref="SecretRedactor.Mark"/>; the same instance when it held none.</summary>
    internal string Redact(string text)
    {
        var learned = _learned;
        if (learned.Search is null || !text.AsSpan().ContainsAny(learned.Search))
        {
            return text;
        }

        foreach (var value in learned.Values)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, SecretRedactor.Mark, StringComparison.Ordinal);
            }
        }

        return learned.Splits.Redact(text);
    }

    /// <summary>
    /// Remembers <paramref name="value"/> (as written and, from a JSON line, decoded; with its JSON-escaped forms) when it
    /// can be a secret rather than a word of code or prose; returns whether anything new was learned.
    /// </summary>
    internal bool Learn(string value)
    {
        var forms = new List<string>();
        foreach (var form in Decoded(value))
        {
            if (!CanBeSecret(form))
            {
                continue;
            }

            forms.Add(form);
            forms.AddRange(JsonEscapes.Of(form));
        }

        if (forms.Count == 0)
        {
            return false;
        }

        lock (_gate)
        {
            var known = _learned.Values;
            var fresh = forms.Distinct(StringComparer.Ordinal).Where(f => Array.IndexOf(known, f) < 0).ToList();
            if (fresh.Count == 0 || known.Length + fresh.Count > Capacity)
            {
                return false;
            }

            // Longest first, so a value that contains another is replaced whole.
            string[] values = [.. known.Concat(fresh).OrderByDescending(v => v.Length)];

            // A value broken across a line break leaves half of it whole on one side: a text holding a half is looked at.
            var splits = new SplitValues(values);
            string[] needles = [.. values.Concat(splits.Halves).Distinct(StringComparer.Ordinal)];
            _learned = new Learned(values, SearchValues.Create(needles, StringComparison.Ordinal), new Utf8Needles(needles), splits);
            return true;
        }
    }

    /// <summary>The value as written and, when it holds JSON escapes, as a JSON string decodes it.</summary>
    private static IEnumerable<string> Decoded(string value)
    {
        yield return value;
        if (value.Contains('\\', StringComparison.Ordinal))
        {
            string? decoded;
            try
            {
                var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes($"\"{value}\""));
                decoded = reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // Not JSON, or an escape of half a surrogate pair, which a .NET string read from JSON may not hold.
                decoded = null;
            }

            if (decoded is not null && decoded != value)
            {
                yield return decoded;
            }
        }
    }

    /// <summary>
    /// Whether a value redacted once is worth redacting bare everywhere: long enough, one token (no blanks, quotes or
    /// backslashes, so replacing it cannot break a JSON line), and not a name or placeholder of code (`config.password`,
    /// `${DB_PASSWORD}`, `********`): it holds a digit or a symbol, as generated secrets do.
    /// </summary>
    private static bool CanBeSecret(string value)
    {
        if (value.Length < ShortestValue || value.Contains(SecretRedactor.Mark, StringComparison.Ordinal)
            || value[0] is '$' or '%' or '{' or '<' or '*' or '[' || value.AsSpan().IndexOfAnyExcept(value[0]) < 0)
        {
            return false;
        }

        var symbolOrDigit = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\'' or '\\')
            {
                return false;
            }

            symbolOrDigit |= char.IsAsciiDigit(c) || !(char.IsLetter(c) || c is '_' or '.' or '-');
        }

        return symbolOrDigit;
    }

    private sealed record Learned(string[] Values, SearchValues<string>? Search, Utf8Needles Bytes, SplitValues Splits)
    {
        public static Learned None { get; } = new([], null, Utf8Needles.None, SplitValues.None);
    }
}
