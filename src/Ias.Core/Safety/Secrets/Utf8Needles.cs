using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Ias.Core.Safety.Secrets;

/// <summary>
/// Strings looked for in UTF-8 text without decoding it: each is searched as its UTF-8 bytes in the text's bytes read one
/// char per byte (<see cref="Widen"/>). In valid UTF-8 a string's bytes stand exactly where the string stands in the
/// decoded text, so the search finds what a search of the decoded text would. A string that is not valid UTF-16 (a lone
/// surrogate) has no such bytes; while one is among them, every text may hold one, at its start.
/// </summary>
internal sealed class Utf8Needles
{
    private readonly SearchValues<string>? _search;
    private readonly bool _everywhere;

    public Utf8Needles(IReadOnlyCollection<string> needles)
    {
        var widened = new List<string>(needles.Count);
        foreach (var needle in needles)
        {
            var utf8 = new byte[Encoding.UTF8.GetMaxByteCount(needle.Length)];
            if (Utf8.FromUtf16(needle, utf8, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                _everywhere = true;
                return;
            }

            widened.Add(Encoding.Latin1.GetString(utf8, 0, written));
        }

        _search = widened.Count == 0 ? null : SearchValues.Create(widened.ToArray(), StringComparison.Ordinal);
    }

    /// <summary>No strings: no text holds one.</summary>
    public static Utf8Needles None { get; } = new([]);

    /// <summary>Where the first of the strings stands in <paramref name="bytes"/>, UTF-8 read one char per byte; -1 when none does.</summary>
    public int IndexIn(ReadOnlySpan<char> bytes) => _everywhere ? 0 : _search is null ? -1 : bytes.IndexOfAny(_search);

    /// <summary>Reads <paramref name="utf8"/> one char per byte into <paramref name="bytes"/> (Latin-1: no decoding, and a byte's position is its char's).</summary>
    public static void Widen(ReadOnlySpan<byte> utf8, Span<char> bytes) => Encoding.Latin1.GetChars(utf8, bytes);
}
