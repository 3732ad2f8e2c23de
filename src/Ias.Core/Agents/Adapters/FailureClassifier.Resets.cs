using System.Globalization;
using System.Text.RegularExpressions;

namespace Ias.Core.Agents.Adapters;

public sealed partial class FailureClassifier
{
    private static readonly TimeSpan UnknownResetWait = TimeSpan.FromHours(1);

    // Limits reset within hours, days or a month; a reset read as further away than this is a misreading, and an hour's
    // wait and a fresh answer serve the run better than a wait of years.
    private static readonly TimeSpan FurthestReset = TimeSpan.FromDays(366);

    // A printed time names a whole minute and is read a moment after it was printed, so its minute stays "now" until it
    // has been over for longer than that moment; only then is it a time gone by, meaning tomorrow's (or next year's).
    private static readonly TimeSpan ReadingDelay = TimeSpan.FromSeconds(10);

    private const string Months = "janfebmaraprmayjunjulaugsepoctnovdec";

    /// <summary>
    /// When a usage limit described by the text resets, read as an epoch, a span ("in 2 days 4 hours"), a date
    /// ("Nov 26th, 2026 12:10 AM", "2026-11-26 00:10") or a time of day ("resets 5am"), in the zone the text names, else
    /// the clock's local zone. A date or time is never in the past; an hour ahead when the text names no time.
    /// </summary>
    public DateTimeOffset ResetTime(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var now = clock.GetUtcNow();
        return EpochResetTime(text) ?? Relative(text, now) ?? Dated(text, now) ?? TimeOfDay(text, now) ?? now + UnknownResetWait;
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

    private static DateTimeOffset? Relative(string text, DateTimeOffset now)
    {
        var relative = InRelative().Match(text);
        if (!relative.Success)
        {
            return null;
        }

        var span = TimeSpan.Zero;
        foreach (Match part in RelativePart().Matches(relative.Value))
        {
            var amount = double.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
            span += char.ToLowerInvariant(part.Groups["unit"].Value[0]) switch
            {
                'w' => TimeSpan.FromDays(7 * amount),
                'd' => TimeSpan.FromDays(amount),
                'h' => TimeSpan.FromHours(amount),
                'm' => TimeSpan.FromMinutes(amount),
                _ => TimeSpan.FromSeconds(amount),
            };
            if (span > FurthestReset)
            {
                return null;
            }
        }

        return span > TimeSpan.Zero ? now + span : null;
    }

    // A date the text gives without a year is this year's, or next year's once it has gone by ("Jan 2nd" read in late
    // December); a date with a year that has gone by is stale, and the limit has reset already.
    private DateTimeOffset? Dated(string text, DateTimeOffset now)
    {
        var match = IsoDate().Match(text);
        if (!match.Success)
        {
            match = NamedDate().Match(text);
        }

        if (!match.Success || (match.Groups["h"].Success ? ClockTime(match) : (0, 0)) is not (var hour, var minute))
        {
            return null;
        }

        var month = match.Groups["mo"].Success
            ? int.Parse(match.Groups["mo"].Value, CultureInfo.InvariantCulture)
            : (Months.IndexOf(match.Groups["mon"].Value[..3].ToLowerInvariant(), StringComparison.Ordinal) / 3) + 1;
        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        var zone = ZoneOf(match);
        DateTimeOffset? On(int year) =>
            year is >= 1 and < 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
                ? At(new DateTime(year, month, day, hour, minute, 0), zone, Offset(match))
                : null;

        if (match.Groups["y"].Success)
        {
            return On(int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture)) is { } dated ? Settled(dated, now) : null;
        }

        var thisYear = TimeZoneInfo.ConvertTime(now, zone).Year;
        var candidate = On(thisYear);
        if (candidate is null || GoneBy(candidate.Value, now))
        {
            candidate = On(thisYear + 1);
        }

        return candidate is { } next ? Settled(next, now) : null;
    }

    private DateTimeOffset? TimeOfDay(string text, DateTimeOffset now)
    {
        var match = AtClockTime().Match(text);
        if (!match.Success || ClockTime(match) is not (var hour, var minute))
        {
            return null;
        }

        var zone = ZoneOf(match);
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        var candidate = At(today.AddHours(hour).AddMinutes(minute), zone, null);
        if (GoneBy(candidate, now))
        {
            candidate = At(today.AddDays(1).AddHours(hour).AddMinutes(minute), zone, null);
        }

        return Settled(candidate, now);
    }

    private static bool GoneBy(DateTimeOffset minute, DateTimeOffset now) => minute + TimeSpan.FromMinutes(1) + ReadingDelay < now;

    private static DateTimeOffset? Settled(DateTimeOffset at, DateTimeOffset now) =>
        at - now > FurthestReset ? null : (at < now ? now : at).ToUniversalTime();

    private static DateTimeOffset At(DateTime local, TimeZoneInfo zone, TimeSpan? offset) => new(local, offset ?? zone.GetUtcOffset(local));

    private TimeZoneInfo ZoneOf(Match match)
    {
        var zone = match.Groups["zone"];
        if (!zone.Success)
        {
            return clock.LocalTimeZone;
        }

        // Zone ids are case-sensitive on Linux; UTC and GMT are matched in any case and need no time zone database.
        return zone.Value.Equals("utc", StringComparison.OrdinalIgnoreCase) || zone.Value.Equals("gmt", StringComparison.OrdinalIgnoreCase) ? TimeZoneInfo.Utc
            : TimeZoneInfo.TryFindSystemTimeZoneById(zone.Value, out var named) ? named
            : clock.LocalTimeZone;
    }

    // An ISO time may carry its own offset ("Z", "+02:00"), which outranks any zone.
    private static TimeSpan? Offset(Match match)
    {
        var offset = match.Groups["off"];
        if (!offset.Success)
        {
            return null;
        }

        if (offset.Value is "Z" or "z")
        {
            return TimeSpan.Zero;
        }

        var digits = offset.Value[1..].Replace(":", "", StringComparison.Ordinal);
        var span = new TimeSpan(int.Parse(digits[..2], CultureInfo.InvariantCulture), int.Parse(digits[2..], CultureInfo.InvariantCulture), 0);
        return span > TimeSpan.FromHours(14) ? null : offset.Value[0] == '-' ? -span : span;
    }

    // "12:10 AM" is ten past midnight and "12:10 PM" ten past noon; without AM/PM the hour is a 24-hour clock's.
    private static (int Hour, int Minute)? ClockTime(Match match)
    {
        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        if (minute >= 60)
        {
            return null;
        }

        if (!match.Groups["ampm"].Success)
        {
            return hour < 24 ? (hour, minute) : null;
        }

        if (hour is < 1 or > 12)
        {
            return null;
        }

        var pm = char.ToLowerInvariant(match.Groups["ampm"].Value[0]) == 'p';
        return ((hour % 12) + (pm ? 12 : 0), minute);
    }

    // The words that lead a CLI's reset time: "try again at", "resets", "will reset on", "available again at".
    private const string Lead = @"(?:try\s+again|resets?|available(?:\s+again)?)\s+(?:at\s+|on\s+)?";

    // A zone the text names after the time: "(UTC)", "(Europe/London)", or a bare UTC or GMT.
    private const string Zone = @"(?:\s*\((?<zone>[a-z_]+(?:/[a-z0-9_+-]+)*)\)|\s+(?<zone>utc|gmt)\b)?";

    private const string AmPm = @"(?<ampm>[ap]\.?m\.?)(?![a-z])";

    [GeneratedRegex(@"\|\s*(\d{9,13})\b")]
    private static partial Regex EpochAfterBar();

    [GeneratedRegex(@"(?:try\s+again|retry|resets?|available(?:\s+again)?)\s+(?:in|after)\s+(?:\d+(?:\.\d+)?\s*[a-z]+[\s,]*(?:and\s+)?)+", RegexOptions.IgnoreCase)]
    private static partial Regex InRelative();

    [GeneratedRegex(@"(?<n>\d{1,5}(?:\.\d+)?)\s*(?<unit>w(?:(?:ee)?ks?)?|d(?:ays?)?|h(?:ours?|rs?)?|m(?:in(?:ute)?s?)?|s(?:ec(?:ond)?s?)?)(?![a-z])", RegexOptions.IgnoreCase)]
    private static partial Regex RelativePart();

    [GeneratedRegex(Lead + @"(?<y>\d{4})-(?<mo>\d{1,2})-(?<d>\d{1,2})(?:(?:T|\s+(?:at\s+)?)(?<h>\d{1,2}):(?<m>\d{2})(?::\d{2}(?:\.\d+)?)?(?<off>Z|[+-]\d{2}:?\d{2})?)?" + Zone, RegexOptions.IgnoreCase)]
    private static partial Regex IsoDate();

    [GeneratedRegex(
        Lead + @"(?<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+"
        + @"(?<d>\d{1,2})(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?<y>\d{4})(?![\d:]))?"
        + @"(?:,?\s+(?:at\s+)?(?:(?<h>\d{1,2}):(?<m>\d{2})(?:\s*" + AmPm + @")?|(?<h>\d{1,2})\s*" + AmPm + "))?" + Zone,
        RegexOptions.IgnoreCase)]
    private static partial Regex NamedDate();

    [GeneratedRegex(Lead + @"(?<h>\d{1,2})(?::(?<m>\d{2}))?(?![\d/-]|\.\d)(?:\s*" + AmPm + ")?" + Zone, RegexOptions.IgnoreCase)]
    private static partial Regex AtClockTime();
}
