using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ias.Core.Safety.Secrets;

/// <summary>
/// How a value stands inside a JSON string as the writers of agents' lines escape it: strictly (every non-ASCII and
/// HTML-sensitive character as \uXXXX) or relaxed. Half of a surrogate pair, which these encoders refuse, is written as
/// the lower-case \uXXXX that JSON.stringify and Python's json write for it, so a value holding one is found in its line too.
/// </summary>
internal static class JsonEscapes
{
    private static readonly JavaScriptEncoder[] Encoders = [JavaScriptEncoder.Default, JavaScriptEncoder.UnsafeRelaxedJsonEscaping];

    /// <summary>The escaped forms of <paramref name="value"/> that differ from it, each once.</summary>
    public static IEnumerable<string> Of(string value) =>
        Encoders.Select(e => Escaped(value, e)).Where(f => !string.Equals(f, value, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal);

    private static string Escaped(string value, JavaScriptEncoder encoder)
    {
        if (value.AsSpan().IndexOfAnyInRange('\ud800', '\udfff') < 0)
        {
            return JsonEncodedText.Encode(value, encoder).Value;
        }

        var text = new StringBuilder();
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsSurrogatePair(value, i))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                text.Append(JsonEncodedText.Encode(value.AsSpan(start, i - start), encoder).Value)
                    .Append(CultureInfo.InvariantCulture, $"\\u{(int)value[i]:x4}");
                start = i + 1;
            }
        }

        return text.Append(JsonEncodedText.Encode(value.AsSpan(start), encoder).Value).ToString();
    }
}
