namespace Ias.Core.Safety;

/// <summary>
/// Redacts one output stream, line by line and in order. A private-key block arrives as many lines: from its BEGIN line
/// to its END line every line becomes <see cref="SecretRedactor.Mark"/>. A line that cannot be part of a key (it holds
/// quotes, braces or other prose punctuation) ends a block whose END never came, so a cut-off key does not blank out
/// the rest of the stream. The key's lines, like every value recognised by its context, go to the redactor's
/// <see cref="SecretMemory"/>, if it has one.
/// </summary>
public sealed class StreamRedactor
{
    private readonly SecretRedactor _redactor;

    // Where each kind of clue was last found by the scan of a read's lines; one scan at a time, as the stream is read in order.
    private readonly int[] _found = new int[SecretRedactor.ClueKinds + 1];

    internal StreamRedactor(SecretRedactor redactor) => _redactor = redactor;

    /// <summary>Whether the last line left this stream inside a private-key block.</summary>
    public bool InPrivateKey { get; private set; }

    /// <summary>Whether <see cref="Redact"/> would return the next line as it is, read from its characters without a string.</summary>
    public bool Passes(ReadOnlySpan<char> line) => !InPrivateKey && !_redactor.MayHold(line);

    /// <summary>The clues of secrets in <paramref name="bytes"/>, lines of valid UTF-8 read one char per byte, found on the bytes.</summary>
    internal ClueScan Clues(ReadOnlySpan<char> bytes) => new(_redactor, bytes, _found);

    /// <summary>
    /// Where the first clue from <paramref name="from"/>, where a line begins, stands in <paramref name="clues"/>' lines,
    /// at <paramref name="from"/> inside a private-key block; -1 when every line from there would pass (<see cref="Passes"/>).
    /// </summary>
    internal int NextClue(ClueScan clues, int from) => InPrivateKey ? from : clues.Next(from);

    /// <summary>The next line of the stream with every secret replaced; the same instance when there was nothing to replace.</summary>
    public string Redact(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
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
        return redacted;
    }
}
