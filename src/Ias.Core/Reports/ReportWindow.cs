using System.Globalization;
using Ias.Core.Storage;

namespace Ias.Core.Reports;

/// <summary>
/// Where a report's window starts: `--since` as a duration back from now (`12h`, `90m`, `2d`) or a time (ISO 8601 with a
/// zone, or `HH:MM` in UTC, the last such moment before now); without it, the last time a report was read in the checkout
/// (`.run/report.read`), or a day back before the first.
/// </summary>
public static class ReportWindow
{
    /// <summary>How far back a checkout's first report looks.</summary>
    public static TimeSpan FirstLook { get; } = TimeSpan.FromDays(1);

    /// <summary>The file that holds when a report was last read.</summary>
    public static string MarkPath(RunPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.Combine(paths.RunDir, "report.read");
    }

    /// <summary>The start <paramref name="since"/> names at <paramref name="now"/>; null with a one-line reason in <paramref name="problem"/> when it names none.</summary>
    public static DateTimeOffset? Parse(string since, DateTimeOffset now, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(since);
        problem = null;
        var text = since.Trim();
        if (text.Length >= 2 && char.IsAsciiLetter(text[^1]) && double.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            var unit = text[^1] switch { 'm' => TimeSpan.FromMinutes(1), 'h' => TimeSpan.FromHours(1), 'd' => TimeSpan.FromDays(1), _ => TimeSpan.Zero };
            if (unit > TimeSpan.Zero && n * unit.TotalDays <= 3660)
            {
                return now - (n * unit);
            }
        }
        else if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
        {
            var today = new DateTimeOffset(now.UtcDateTime.Date + clock.ToTimeSpan(), TimeSpan.Zero);
            return today <= now ? today : today.AddDays(-1);
        }
        else if (IsoTime.TryParse(text, out var at))
        {
            return at <= now ? at : Refused(out problem, $"--since {since} is in the future: give a time before now");
        }

        return Refused(out problem, $"--since {since} is neither a duration (12h, 90m, 2d) nor a time (22:00 in UTC, or 2026-11-25T22:00:00Z)");
    }

    /// <summary>When a report was last read in the checkout; null before the first, or when the mark cannot be read.</summary>
    public static DateTimeOffset? LastRead(RunPaths paths) =>
        AgentFile.Read(MarkPath(paths), 256).Bytes is { } bytes && IsoTime.TryParse(System.Text.Encoding.UTF8.GetString(bytes).Trim(), out var at) ? at : null;

    /// <summary>The default start: the last read, or <see cref="FirstLook"/> back.</summary>
    public static DateTimeOffset Default(RunPaths paths, DateTimeOffset now) =>
        LastRead(paths) is { } at && at <= now ? at : now - FirstLook;

    /// <summary>Marks the report read at <paramref name="now"/>; a checkout without `.run/` gets none (nothing ran there to report).</summary>
    public static void MarkRead(RunPaths paths, DateTimeOffset now)
    {
        if (Directory.Exists(paths.RunDir))
        {
            AtomicFile.Write(MarkPath(paths), IsoTime.ForFile(now) + "\n");
        }
    }

    private static DateTimeOffset? Refused(out string? problem, string line)
    {
        problem = line;
        return null;
    }
}
