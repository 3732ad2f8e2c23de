using System.Globalization;

namespace Ias.Tui.Views;

/// <summary>Short human formats for durations, counts and money, as panes show them.</summary>
public static class Fmt
{
    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:00}m")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");

    /// <summary>How long something has waited, to the minute: "4m", "2h05m", "3d04h".</summary>
    public static string Waited(TimeSpan t) =>
        t.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalDays}d{t.Hours:00}h")
        : t.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:00}m")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, t.Minutes)}m");

    public static string Clock(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}");

    public static string Tokens(long n) => n switch
    {
        >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{n / 1_000_000.0:0.#}M"),
        >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{n / 1_000.0:0.#}k"),
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    public static string Money(decimal usd) => string.Create(CultureInfo.InvariantCulture, $"${usd:0.00}");

    public static string Hours(double h) => string.Create(CultureInfo.InvariantCulture, $"{h:0.##}h");
}
