using System.Globalization;

namespace Ias.Core.Storage;

/// <summary>ISO-8601 UTC text for timestamps: "2026-01-19T10:00:00Z" in the JSON files, as the original Run Mode tools write it, a fixed-width form in the database.</summary>
internal static class IsoTime
{
    // Fractional seconds appear only when present, so whole-second times read exactly like the original Run Mode tools' files
    // while finer times still round-trip.
    private const string FileFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    // Fixed width keeps text order equal to time order for anyone sorting rows by these columns: the round-trip form of a
    // UTC time (2026-01-19T10:00:00.0000000Z), which .NET writes and reads without interpreting a pattern.
    private const string DbFormat = "O";

    private static readonly string[] Accepted =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static string ForFile(DateTimeOffset t) =>
        t.UtcDateTime.ToString(FileFormat, CultureInfo.InvariantCulture);

    public static string ForDb(DateTimeOffset t) =>
        t.UtcDateTime.ToString(DbFormat, CultureInfo.InvariantCulture);

    /// <summary>Accepts any ISO-8601 date-time with a zone ("Z" or "+02:00"); a time without a zone is not accepted.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        if (text is not null
            && (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T'))
            && DateTimeOffset.TryParseExact(text, Accepted, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            value = parsed.ToUniversalTime();
            return true;
        }

        value = default;
        return false;
    }

    public static DateTimeOffset ParseDb(string text) =>
        text.EndsWith('Z') && DateTimeOffset.TryParseExact(text, DbFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var v) ? v
        : TryParse(text, out v) ? v : throw new FormatException($"\"{text}\" is not an ISO-8601 UTC timestamp");
}
