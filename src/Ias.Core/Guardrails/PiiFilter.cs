using System.Globalization;
using System.Text.RegularExpressions;
using Ias.Core.Safety.Secrets;

namespace Ias.Core.Guardrails;

/// <summary>
/// Replaces personal data in what an agent is about to be given with a mark naming its kind ([REDACTED_EMAIL]):
/// e-mail addresses, US social security numbers, phone numbers, payment card numbers that pass the Luhn check, public
/// IPv4 addresses, and the secret shapes <see cref="SecretRedactor"/> knows. The agent still reads that something was
/// there and what it was, so a task such as "e-mail the owner" stays a task.
/// </summary>
public static partial class PiiFilter
{
    // Matching gives up after this long on one text; the caller fails open and keeps the text as it was.
    private const int TimeoutMs = 2000;

    // In this order: a card before a phone and an SSN before a phone, since their groups could read as one.
    private static readonly (string Kind, Regex Pattern, Func<Match, bool> Counts)[] Rules =
    [
        ("email", Email(), _ => true),
        ("credit_card", Card(), m => IsCardNumber(m.Value)),
        ("ssn", Ssn(), IsSsn),
        ("phone", Phone(), IsPhone),
        ("ip_address", Ipv4(), m => IsPublicIpv4(m.Value)),
    ];

    /// <summary>The mark that replaces a value of <paramref name="kind"/>.</summary>
    public static string Mark(string kind) => $"[REDACTED_{kind.ToUpperInvariant()}]";

    public static PiiRedaction Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);

        // Keys and tokens first, with the patterns agent output is redacted by; their mark has no kind of its own.
        var secrets = SecretRedactor.Patterns.Redact(text);
        if (!ReferenceEquals(secrets, text))
        {
            counts["secret"] = Occurrences(secrets, SecretRedactor.Mark) - Occurrences(text, SecretRedactor.Mark);
            text = secrets;
        }

        foreach (var (kind, pattern, valid) in Rules)
        {
            var found = 0;
            text = pattern.Replace(text, m =>
            {
                if (!valid(m))
                {
                    return m.Value;
                }

                found++;
                return Mark(kind);
            });
            if (found > 0)
            {
                counts[kind] = found;
            }
        }

        return new PiiRedaction(text, counts);
    }

    private static int Occurrences(string text, string mark)
    {
        var n = 0;
        for (var at = text.IndexOf(mark, StringComparison.Ordinal); at >= 0; at = text.IndexOf(mark, at + mark.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    // Cards start with 3 (Amex, Diners, JCB), 4 (Visa), 5 (Mastercard) or 6 (Discover, UnionPay); with the Luhn check,
    // an ordinary long number (an id, a timestamp) is rarely taken for one.
    private static bool IsCardNumber(string value)
    {
        var digits = value.Where(char.IsAsciiDigit).Select(c => c - '0').ToArray();
        if (digits.Length is < 13 or > 19 || digits[0] is < 3 or > 6)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i];
            sum += i % 2 == 1 ? (d * 2 > 9 ? (d * 2) - 9 : d * 2) : d;
        }

        return sum % 10 == 0;
    }

    // Numbers the Social Security Administration never issues: area 000, 666 or 900-999, group 00, serial 0000.
    private static bool IsSsn(Match m)
    {
        var area = int.Parse(m.Groups["area"].Value, CultureInfo.InvariantCulture);
        return area is not (0 or 666 or >= 900) && m.Groups["group"].Value != "00" && m.Groups["serial"].Value != "0000";
    }

    // An international number counts with 8 to 15 digits (E.164); a North American one always has 10 or 11.
    private static bool IsPhone(Match m) =>
        !m.Value.StartsWith('+') || m.Value.Count(char.IsAsciiDigit) is >= 8 and <= 15;

    // Private, loopback, link-local, shared, documentation and multicast addresses identify no one outside their
    // network, and sprints name them all the time ("bind to 127.0.0.1", "the staging box at 10.0.3.7").
    private static bool IsPublicIpv4(string value)
    {
        var o = value.Split('.').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        if (o.Any(x => x > 255))
        {
            return false;
        }

        return !(o[0] is 0 or 10 or 127 or >= 224
            || (o[0] == 100 && o[1] is >= 64 and <= 127)
            || (o[0] == 169 && o[1] == 254)
            || (o[0] == 172 && o[1] is >= 16 and <= 31)
            || (o[0] == 192 && o[1] == 168)
            || (o[0] == 192 && o[1] == 0 && o[2] == 2)
            || (o[0] == 198 && o[1] is 18 or 19)
            || (o[0] == 198 && o[1] == 51 && o[2] == 100)
            || (o[0] == 203 && o[1] == 0 && o[2] == 113));
    }

    // Not "git@github.com:org/repo" (a remote, followed by a path) and not "logo@2x.png" (an image at a pixel density).
    [GeneratedRegex(@"(?<![\w.%+-])[A-Za-z0-9._%+-]+@(?!\d+(?:\.\d+)?x\.)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-]|:[^\s])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Email();

    // 13 to 19 digits, bare or in the groups cards are printed in (4-4-4-4[-3], or 4-6-4/5 for Amex and Diners).
    [GeneratedRegex(@"(?<![\d.-])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{4}([ -])\d{6}\2\d{4,5})(?![\d-]|\.\d)", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Card();

    // Written with dashes, as SSNs are; nine bare digits are too often something else.
    [GeneratedRegex(@"(?<![\d-])(?<area>\d{3})-(?<group>\d{2})-(?<serial>\d{4})(?![\d-])", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Ssn();

    // North American numbers with their separators ("(415) 555-0132", "415.555.0132", "+1 415 555 0132"), and
    // international ones written with a leading +. Bare runs of ten digits are left alone: Unix times look the same.
    [GeneratedRegex(@"(?<![\w+.-])(?:(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\)\ ?|[2-9]\d{2}[ .-])\d{3}[ .-]\d{4}|\+[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,5})(?![\w-]|\.\d)", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Phone();

    // Four dotted numbers that are not part of a longer dotted run or a version ("v1.2.3.4", "1.2.3.4.5").
    [GeneratedRegex(@"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Ipv4();
}
