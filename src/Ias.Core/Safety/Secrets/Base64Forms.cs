using System.Text;

namespace Ias.Core.Safety.Secrets;

/// <summary>
/// How a value stands base64-encoded: whole (standard and URL-safe alphabets, with and without padding), and as the
/// characters that depend on it alone when it is encoded inside longer data at each of the three byte offsets.
/// </summary>
internal static class Base64Forms
{
    /// <summary>The base64 forms of <paramref name="value"/>'s UTF-8 bytes, each once, longest first.</summary>
    public static IEnumerable<string> Of(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var forms = new List<string>();
        var whole = Convert.ToBase64String(bytes);
        forms.Add(whole);
        forms.Add(whole.TrimEnd('='));

        // Inside longer data (a `user:token` pair, a docker auth, `echo $TOKEN | base64`) the value starts 0, 1 or 2
        // bytes into a group of three: the characters holding a bit of a neighbour differ from case to case, the ones
        // between them are the value's own.
        for (var offset = 0; offset < 3; offset++)
        {
            var encoded = Convert.ToBase64String([.. new byte[offset], .. bytes]);
            var first = (offset * 8 + 5) / 6;
            var end = (offset + bytes.Length) * 8 / 6;
            forms.Add(encoded[first..end]);
        }

        return forms.Concat(forms.Select(f => f.Replace('+', '-').Replace('/', '_')))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(f => f.Length);
    }
}
