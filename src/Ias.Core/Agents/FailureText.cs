using System.Globalization;
using System.Text.RegularExpressions;

namespace Ias.Core.Agents;

/// <summary>Recognises failure classes in the free text agent CLIs print when they give up.</summary>
internal static partial class FailureText
{
    // The CLIs change their wording between versions, so each class matches several known phrasings.
    private static readonly string[] UsageLimitPhrases =
    [
        "usage limit", "hit your limit", "limit reached", "out of extra usage",
    ];

    private static readonly string[] AuthPhrases =
    [
        "invalid api key", "please run /login", "authentication", "oauth token", "api error: 401",
        "unauthorized", "not logged in",
    ];

    private static readonly string[] NetworkPhrases =
    [
        "econnreset", "econnrefused", "enotfound", "etimedout", "socket hang up", "fetch failed",
        "network", "connection error", "request timed out", "overloaded", "api error: 5",
    ];

    public static bool IsUsageLimit(string text) => ContainsAny(text, UsageLimitPhrases);

    public static bool IsAuth(string text) => ContainsAny(text, AuthPhrases);

    public static bool IsNetwork(string text) => ContainsAny(text, NetworkPhrases);

    /// <summary>The reset time in Claude's "usage limit reached|&lt;epoch seconds&gt;" message, if present.</summary>
    public static DateTimeOffset? ResetTime(string text)
    {
        var match = EpochAfterBar().Match(text);
        return match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? FromEpoch(epoch)
            : null;
    }

    /// <summary>Epoch seconds to a time; values too large for seconds are taken as milliseconds.</summary>
    public static DateTimeOffset? FromEpoch(long epoch)
    {
        const long MillisecondsThreshold = 100_000_000_000;
        try
        {
            return epoch >= MillisecondsThreshold
                ? DateTimeOffset.FromUnixTimeMilliseconds(epoch)
                : DateTimeOffset.FromUnixTimeSeconds(epoch);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static bool ContainsAny(string text, string[] phrases)
    {
        foreach (var phrase in phrases)
        {
            if (text.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\|\s*(\d{9,13})\b")]
    private static partial Regex EpochAfterBar();
}
