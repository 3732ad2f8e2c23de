namespace Ias.Core.Safety;

/// <summary>
/// Finds, in lines of valid UTF-8 read one char per byte (<see cref="Utf8Needles.Widen"/>), the clues that keep a line
/// from passing a <see cref="SecretRedactor"/> unchanged (<see cref="SecretRedactor.MayHold"/>), without decoding the
/// lines. The clues and keywords are ASCII and no other character matches one of their letters, even ignoring case, so
/// they stand in the bytes exactly where they stand in the decoded text; values are looked for as their UTF-8 bytes.
/// None spans a line break but a value holding one, so a line without a clue is a line that passes. Each kind of clue is
/// searched on from where it was last found, so a read's lines cost one pass however many clues they hold.
/// </summary>
internal ref struct ClueScan(SecretRedactor redactor, ReadOnlySpan<char> bytes)
{
    private const int Unknown = -2;

    private readonly ReadOnlySpan<char> _bytes = bytes;
    private int _value = Unknown;
    private int _exact = Unknown;
    private int _keyword = Unknown;

    /// <summary>Where the first clue at or after <paramref name="from"/>, where a line begins, stands; -1 when no line from there on holds one.</summary>
    public int Next(int from)
    {
        if (Behind(_value, from))
        {
            _value = At(from, redactor.ValueIn(_bytes[from..]));
        }

        if (Behind(_exact, from))
        {
            _exact = At(from, SecretRedactor.ExactIn(_bytes[from..]));
        }

        if (Behind(_keyword, from))
        {
            _keyword = At(from, SecretRedactor.KeywordIn(_bytes[from..]));
        }

        return Earliest(Earliest(_value, _exact), _keyword);
    }

    // A kind not yet searched, or last found before where the scan now stands, is searched again; one found nowhere stays so.
    private static bool Behind(int found, int from) => found == Unknown || (found >= 0 && found < from);

    private static int At(int from, int found) => found < 0 ? -1 : from + found;

    private static int Earliest(int a, int b) => a < 0 ? b : b < 0 ? a : Math.Min(a, b);
}
