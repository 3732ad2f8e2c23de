using System.Collections.Frozen;
using Spectre.Console;

namespace Ias.Tui.Theming;

/// <summary>The terminal's 16 numbered colours as theme files name them.</summary>
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

    /// <summary>The palette number (0–255) of a colour made from one, or null for the terminal's default colour and #rrggbb colours.</summary>
    public static int? NumberOf(Color color) => Terminal.Palette.NumberOf(color);

    /// <summary>The palette number of an ANSI colour name such as "red" or "bright_black", or null when it is not one.</summary>
    public static int? AnsiNumber(string name) => AnsiNumbers.TryGetValue(name, out var number) ? number : null;
}
