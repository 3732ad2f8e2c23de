namespace Ias.Core.Safety.Secrets;

/// <summary>
/// Redacts one output stream, line by line and in order. A private-key block arrives as many lines: from its BEGIN line
/// to its END line every line becomes <see cref="SecretRedactor.Mark"/>. A line that cannot be part of a key (it holds
/// quotes, braces or other prose punctuation) ends a block whose END never came, so a cut-off key does not blank out
/// the rest of the stream. The key's lines, like every value recognised by its context, go to the redactor's
/// <see cref="SecretMemory"/>, if it has one. A known value broken across two lines is redacted on both when the first
/// line ends with at least half of it, and on the second when it begins with at least half; an AWS secret key alone on
/// the line after its context (<c>aws_secret_access_key =</c>, an access key id) is redacted and remembered.
/// </summary>
public sealed class StreamRedactor
{
    private readonly SecretRedactor _redactor;

    // Where each kind of clue was last found by the scan of a read's lines; one scan at a time, as the stream is read in order.
    private readonly int[] _found = new int[SecretRedactor.ClueKinds + 1];

    // What the last line left open for the next: the heads of values it ended with, and whether it ended with an AWS
    // secret key's context but no key. A line that passes leaves neither, so a line after one that did never passes.
    private List<(string Value, int Cut)>? _heads;
    private bool _awsKeyNext;

    internal StreamRedactor(SecretRedactor redactor) => _redactor = redactor;

    private bool Holding => InPrivateKey || _heads is not null || _awsKeyNext;

    /// <summary>Whether the last line left this stream inside a private-key block.</summary>
    public bool InPrivateKey { get; private set; }

    /// <summary>Whether <see cref="Redact"/> would return the next line as it is, read from its characters without a string.</summary>
    public bool Passes(ReadOnlySpan<char> line) => !Holding && !_redactor.MayHold(line);

    /// <summary>The clues of secrets in <paramref name="bytes"/>, lines of valid UTF-8 read one char per byte, found on the bytes.</summary>
    internal ClueScan Clues(ReadOnlySpan<char> bytes) => new(_redactor, bytes, _found);

    /// <summary>
    /// Where the first clue from <paramref name="from"/>, where a line begins, stands in <paramref name="clues"/>' lines,
    /// at <paramref name="from"/> inside a private-key block; -1 when every line from there would pass (<see cref="Passes"/>).
    /// </summary>
    internal int NextClue(ClueScan clues, int from) => Holding ? from : clues.Next(from);

    /// <summary>The next line of the stream with every secret replaced; the same instance when there was nothing to replace.</summary>
    public string Redact(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var heads = _heads;
        var awsKeyNext = _awsKeyNext;
        _heads = null;
        _awsKeyNext = false;
        if (InPrivateKey)
        {
            if (SecretRedactor.KeyEndIn(line) is var end and >= 0)
            {
                var rest = _redactor.Redact(line[end..], out var open);
                InPrivateKey = open;
                return SecretRedactor.Mark + rest;
            }

            if (SecretRedactor.IsKeyBody(line))
            {
                // The key's line may be printed again later on its own, where no BEGIN line stands above it.
                _redactor.LearnKeyLine(line);
                return line.Length == 0 ? line : SecretRedactor.Mark;
            }
        }

        var redacted = _redactor.Redact(line, out var keyOpen);
        InPrivateKey = keyOpen;
        return Edges(line, redacted, heads, awsKeyNext);
    }

    /// <summary>The redacted line with the pieces at its edges that belong to values broken across lines replaced too, seen on the line as it came.</summary>
    private string Edges(string line, string redacted, List<(string Value, int Cut)>? heads, bool awsKeyNext)
    {
        var indent = line.AsSpan().IndexOfAnyExcept(' ', '	');
        if (indent < 0)
        {
            return redacted;
        }

        var start = (At: indent, Length: Continued(line, indent, heads));
        foreach (var splits in _redactor.Splits)
        {
            start.Length = start.Length > 0 ? start.Length : splits.TailStarting(line, indent);
        }

        if (start.Length == 0 && awsKeyNext && AwsSecrets.KeyStarting(line) is { } key)
        {
            start = (key.Start.Value, key.End.Value - key.Start.Value);
            _redactor.Learn(line[key]);
        }

        var end = 0;
        if (_heads is null && !InPrivateKey)
        {
            _heads = [.. _redactor.Splits.SelectMany(s => s.HeadsEnding(line))];
            end = _heads.Count == 0 ? 0 : Math.Min(_heads.Max(h => h.Cut), line.Length - start.At - start.Length);
            _heads = _heads.Count == 0 ? null : _heads;
            _awsKeyNext = AwsSecrets.ContextEnds(line);
        }

        return Replaced(redacted, line.Substring(start.At, start.Length), start.At, line[^end..]);
    }

    /// <summary>How much of <paramref name="line"/> from <paramref name="at"/> continues a value the line before ended with; a whole line inside one keeps it open for the next.</summary>
    private int Continued(string line, int at, List<(string Value, int Cut)>? heads)
    {
        foreach (var (value, cut) in heads ?? [])
        {
            var rest = value.AsSpan(cut);
            if (line.AsSpan(at).StartsWith(rest))
            {
                return rest.Length;
            }

            if (rest.StartsWith(line.AsSpan(at)))
            {
                _heads = [(value, cut + line.Length - at)];
                return line.Length - at;
            }
        }

        return 0;
    }

    /// <summary>The redacted line with <paramref name="head"/> at <paramref name="at"/> and <paramref name="tail"/> at its end replaced, where redaction left them.</summary>
    private static string Replaced(string redacted, string head, int at, string tail)
    {
        if (head.Length > 0 && redacted.Length >= at + head.Length && redacted.AsSpan(at).StartsWith(head))
        {
            redacted = string.Concat(redacted.AsSpan(0, at), SecretRedactor.Mark, redacted.AsSpan(at + head.Length));
        }

        if (tail.Length > 0 && redacted.EndsWith(tail, StringComparison.Ordinal))
        {
            redacted = string.Concat(redacted.AsSpan(0, redacted.Length - tail.Length), SecretRedactor.Mark);
        }

        return redacted;
    }
}
