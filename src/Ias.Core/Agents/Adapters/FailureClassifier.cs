using System.Globalization;
using System.Text.RegularExpressions;

namespace Ias.Core.Agents.Adapters;

/// <summary>
/// Reads a failure class from the text agent CLIs print when they give up, shared by every adapter.
/// Usage-limit reset times ("resets 5:24am", "try again at 5 PM", "try again in 3 hours") are read against the injected clock.
/// </summary>
public sealed partial class FailureClassifier(TimeProvider clock)
{
    private static readonly TimeSpan UnknownResetWait = TimeSpan.FromHours(1);

    // Order matters: the first row that matches wins, so the specific classes come before the broad ones
    // ("max turns limit reached" is incomplete, not a limit; "rate limit ... stream disconnected" is transient).
    private static readonly (FailureClass Class, Regex Pattern)[] Table =
    [
        (FailureClass.Incomplete, Rx(@"max(imum)?[ _-]?(session )?turns|turn limit|context (length|window)|context_length_exceeded|prompt is too long|input is too long|too many tokens|budget")),
        (FailureClass.Auth, Rx(@"not logged in|log ?in required|please (run /login|log ?in)|invalid[ _-]?(api[ _-]?key|x-api-key)|api key not valid|unauthori[sz]ed|\b401\b|authentication|oauth token|codex login|no auth|set an auth method")),
        (FailureClass.Billing, Rx(@"credit balance|billing|insufficient_quota|exceeded your current quota|\b402\b|payment required|out of credits")),
        (FailureClass.UsageLimit, Rx(@"usage limit|out of extra usage|hit your limit|reached your limit|limit will reset|\bresets?\s+(at\s+)?\d|try again at|daily quota|quota exceeded.*per ?day|exhausted your (daily )?quota")),
        (FailureClass.ConfigError, Rx(@"unknown (option|argument)|unexpected argument|unrecognized (option|argument)|invalid (flag|option)|invalid value for|cannot be used with root|with root/sudo")),
        (FailureClass.Transient, Rx(@"\b429\b|rate[ _-]?limit|too many requests|\b(500|502|503|504|529)\b|overloaded|internal server error|service unavailable|bad gateway|resource_exhausted")),
        (FailureClass.Network, Rx(@"econnrefused|econnreset|enotfound|etimedout|eai_again|socket hang up|fetch failed|network|stream disconnected|reconnecting|connection (error|refused|reset)|error sending request|\bdns\b")),
    ];

    /// <summary>The class the text names, or null when it names none; a usage limit always comes with a reset time.</summary>
    public Classified? Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (failureClass, pattern) in Table)
        {
            if (pattern.IsMatch(text))
            {
                return new Classified(failureClass, failureClass == FailureClass.UsageLimit ? ResetTime(text) : null);
            }
        }

        return null;
    }

    /// <summary>When a usage limit described by the text resets: never in the past, and an hour ahead when the text names no time.</summary>
    public DateTimeOffset ResetTime(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var now = clock.GetUtcNow();
        if (EpochResetTime(text) is { } epoch)
        {
            return epoch;
        }

        var relative = InRelative().Match(text);
        if (relative.Success)
        {
            var span = TimeSpan.Zero;
            foreach (Match part in RelativePart().Matches(relative.Value))
            {
                var amount = int.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
                span += char.ToLowerInvariant(part.Groups["unit"].Value[0]) switch
                {
                    'd' => TimeSpan.FromDays(amount),
                    'h' => TimeSpan.FromHours(amount),
                    'm' => TimeSpan.FromMinutes(amount),
                    _ => TimeSpan.FromSeconds(amount),
                };
            }

            if (span > TimeSpan.Zero)
            {
                return now + span;
            }
        }

        var clockTime = AtClockTime().Match(text);
        if (clockTime.Success && ToHour(clockTime) is { } hour)
        {
            var minute = clockTime.Groups["m"].Success ? int.Parse(clockTime.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
            if (minute < 60)
            {
                // The CLIs print the reset in the user's local time; a time earlier than now means tomorrow.
                var zone = clock.LocalTimeZone;
                var localNow = TimeZoneInfo.ConvertTime(now, zone);
                var candidate = new DateTimeOffset(localNow.Date.AddHours(hour).AddMinutes(minute), localNow.Offset);
                if (candidate <= localNow)
                {
                    candidate = candidate.AddDays(1);
                }

                return candidate.ToUniversalTime();
            }
        }

        return now + UnknownResetWait;
    }

    /// <summary>The reset time in a "usage limit reached|&lt;epoch seconds&gt;" message (Claude's), if present.</summary>
    public static DateTimeOffset? EpochResetTime(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
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

    private static int? ToHour(Match match)
    {
        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        if (!match.Groups["ampm"].Success)
        {
            return hour < 24 ? hour : null;
        }

        if (hour is < 1 or > 12)
        {
            return null;
        }

        var pm = char.ToLowerInvariant(match.Groups["ampm"].Value[0]) == 'p';
        return (hour % 12) + (pm ? 12 : 0);
    }

    private static Regex Rx(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    [GeneratedRegex(@"\|\s*(\d{9,13})\b")]
    private static partial Regex EpochAfterBar();

    [GeneratedRegex(@"(?:try again|resets?|available)\s+in\s+(?:\d+\s*[a-z]+[\s,]*(?:and\s+)?)+", RegexOptions.IgnoreCase)]
    private static partial Regex InRelative();

    [GeneratedRegex(@"(?<n>\d+)\s*(?<unit>d(?:ays?)?|h(?:ours?|rs?)?|m(?:in(?:ute)?s?)?|s(?:ec(?:ond)?s?)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RelativePart();

    [GeneratedRegex(@"(?:try again|resets?|available again)\s+(?:at\s+)?(?<h>\d{1,2})(?::(?<m>\d{2}))?\s*(?<ampm>[ap]\.?m\.?)?", RegexOptions.IgnoreCase)]
    private static partial Regex AtClockTime();
}
