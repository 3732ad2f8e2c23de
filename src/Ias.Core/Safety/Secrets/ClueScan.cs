namespace Ias.Core.Safety.Secrets;

/// <summary>
/// Finds, in lines of valid UTF-8 read one char per byte (<see cref="Utf8Needles.Widen"/>), the clues that keep a line
/// from passing a <see cref="SecretRedactor"/> unchanged (<see cref="SecretRedactor.MayHold"/>), without decoding the
/// lines. The clues and keywords are ASCII and no other character matches one of their letters, even ignoring case, so
/// they stand in the bytes exactly where they stand in the decoded text; values are looked for as their UTF-8 bytes.
/// None spans a line break but a value holding one, so a line without a clue is a line that passes. Each kind of clue is
/// searched on from where it was last found, so a read's lines cost one pass however many clues they hold.
/// </summary>
internal readonly ref struct ClueScan
{
    private const int Unknown = -2;

    private readonly SecretRedactor _redactor;
    private readonly ReadOnlySpan<char> _bytes;
    private readonly Span<int> _found;

    /// <summary>
    /// A scan of <paramref name="bytes"/> that keeps where each kind of clue was found in <paramref name="found"/>, one slot
    /// a kind (<see cref="SecretRedactor.ClueKinds"/>) and one more for how many values the redactor knew when it looked.
    /// </summary>
    public ClueScan(SecretRedactor redactor, ReadOnlySpan<char> bytes, Span<int> found)
    {
        _redactor = redactor;
        _bytes = bytes;
        _found = found;
        _found.Fill(Unknown);
    }

    /// <summary>Where the first clue at or after <paramref name="from"/>, where a line begins, stands; -1 when no line from there on holds one.</summary>
    public int Next(int from)
    {
        // A line redacted since the last look may have taught the memory a value (an assignment's, say) that later lines
        // hold bare: the values are looked for again from here, as a line-by-line redaction would.
        if (_found[^1] != _redactor.Known)
        {
            _found[^1] = _redactor.Known;
            _found[SecretRedactor.ValueKind] = Unknown;
        }

        var first = -1;
        for (var kind = 0; kind < _found.Length - 1; kind++)
        {
            // A kind not yet searched, or last found before where the scan now stands, is searched again; one found nowhere stays so.
            var found = _found[kind];
            if (found == Unknown || (found >= 0 && found < from))
            {
                found = _found[kind] = _redactor.ClueIn(kind, _bytes[from..]) is var at and >= 0 ? from + at : -1;
            }

            first = found >= 0 && (first < 0 || found < first) ? found : first;
        }

        return first;
    }
}
