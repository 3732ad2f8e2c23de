using System.Text.RegularExpressions;

namespace Ias.Core.Safety.Secrets;

/// <summary>
/// AWS secret access keys that have no keyword of their own on their line: forty base64 characters on the line after an
/// <c>aws_secret_access_key =</c> left without its value, or after an access key id (<c>AKIA…</c>, <c>ASIA…</c>), as a
/// credentials CSV or a key pair printed side by side shows them. Any other forty characters are left alone.
/// </summary>
internal static partial class AwsSecrets
{
    /// <summary>The text with each secret key that follows its context across a line break, or an access key id, replaced by <see cref="SecretRedactor.Mark"/>; <paramref name="found"/> gets the keys.</summary>
    public static string Redact(string text, List<string> found)
    {
        if (!text.Contains("KIA", StringComparison.Ordinal) && !text.Contains("SIA", StringComparison.Ordinal)
            && !text.Contains("access", StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        return AfterContext().Replace(text, m =>
        {
            found.Add(m.Groups["v"].Value);
            return m.Value[..(m.Groups["v"].Index - m.Index)] + SecretRedactor.Mark + m.Value[(m.Groups["v"].Index - m.Index + m.Groups["v"].Length)..];
        });
    }

    /// <summary>Whether <paramref name="line"/> ends with a secret key's context and no key: the key may be the next line.</summary>
    public static bool ContextEnds(string line) => (line.Contains("ccess", StringComparison.OrdinalIgnoreCase) || line.Contains("IA", StringComparison.Ordinal)) && ContextAtEnd().IsMatch(line);

    /// <summary>Where a secret key stands at the start of <paramref name="line"/> (after blanks and a quote), as a range; none when it does not.</summary>
    public static Range? KeyStarting(string line) => KeyAtStart().Match(line) is { Success: true } m ? new Range(m.Groups["v"].Index, m.Groups["v"].Index + m.Groups["v"].Length) : null;

    // A key is forty characters of base64's alphabet with both upper- and lower-case letters: a git object id (forty hex
    // digits, in one case) is never taken for one.
    private const string Key = """(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])""";

    private const string Break = """(?:\r?\n|\\r\\n|\\n)""";

    private const string Name = """(?i:secret[_\-]?access[_\-]?key)["']?[\ \t]*[:=][\ \t]*["']?""";

    private const string Id = """(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}""";

    [GeneratedRegex(
        "(?:" + Name + Break + """[\ \t]*["']?""" + "|" + Id + """(?:[\ \t,;:|=]|\\t|""" + Break + """)+["']?)""" + Key,
        RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex AfterContext();

    [GeneratedRegex("(?:" + Name + "|" + Id + """[\ \t,;:|=]*["']?)[\ \t]*$""", RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex ContextAtEnd();

    [GeneratedRegex("""^[\ \t]*["']?""" + Key, RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex KeyAtStart();
}
