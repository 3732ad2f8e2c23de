using System.Collections.Frozen;
using Spectre.Console;

namespace Ias.Tui.Theming;

/// <summary>The terminal's numbered colours as theme files name them, and the way back from a Spectre colour to its number.</summary>
public static class Palette
{
    /// <summary>The 16 ANSI colour names in palette order, so a name's index is its palette number.</summary>
    public static IReadOnlyList<string> AnsiNames { get; } =
    [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright_black", "bright_red", "bright_green", "bright_yellow", "bright_blue", "bright_magenta", "bright_cyan", "bright_white",
    ];

    private static readonly FrozenDictionary<string, int> AnsiNumbers =
        AnsiNames.Select((name, number) => (name, number)).ToFrozenDictionary(p => p.name, p => p.number, StringComparer.OrdinalIgnoreCase);

    // Spectre keeps a colour's palette number internal and compares colours by RGB alone, but its markup
    // names a palette colour by its (unique) palette name and any other colour by hex, so the name leads back to the number.
    private static readonly FrozenDictionary<string, int> SpectreNames =
        Enumerable.Range(0, 256).ToFrozenDictionary(n => Color.FromInt32(n).ToMarkup(), n => n, StringComparer.Ordinal);

    /// <summary>The palette number (0–255) of a colour made from one, or null for the terminal's default colour and #rrggbb colours.</summary>
    public static int? NumberOf(Color color) =>
        SpectreNames.TryGetValue(color.ToMarkup(), out var number) ? number : null;

    /// <summary>The palette number of an ANSI colour name such as "red" or "bright_black", or null when it is not one.</summary>
    public static int? AnsiNumber(string name) => AnsiNumbers.TryGetValue(name, out var number) ? number : null;
}
