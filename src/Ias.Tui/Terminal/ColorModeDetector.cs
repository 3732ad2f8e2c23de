namespace Ias.Tui.Terminal;

/// <summary>Chooses the colour mode from NO_COLOR, COLORTERM and TERM.</summary>
public static class ColorModeDetector
{
    // Terminal types whose terminfo entries have 8 or 16 colours: a 38;5;n there shows as the wrong colour or as nothing.
    // Their variants (screen-bce, screen.linux, rxvt-unicode) count too, unless the name says 256color.
    private static readonly string[] SixteenColourFamilies = ["linux", "vt52", "vt100", "vt102", "vt220", "dumb", "screen", "tmux", "ansi", "cons25", "rxvt", "cygwin", "putty"];

    /// <summary>Reads the process environment.</summary>
    public static ColorMode FromEnvironment() => Detect(Environment.GetEnvironmentVariable);

    /// <summary>Decides from <paramref name="variable"/>, which returns an environment variable's value or null.</summary>
    public static ColorMode Detect(Func<string, string?> variable)
    {
        // https://no-color.org: present and not empty disables colour, whatever its value.
        if (!string.IsNullOrEmpty(variable("NO_COLOR")))
        {
            return ColorMode.NoColor;
        }

        var colorTerm = variable("COLORTERM")?.Trim();
        if (string.Equals(colorTerm, "truecolor", StringComparison.OrdinalIgnoreCase) || string.Equals(colorTerm, "24bit", StringComparison.OrdinalIgnoreCase))
        {
            return ColorMode.TrueColor;
        }

        var term = (variable("TERM")?.Trim() ?? string.Empty).ToLowerInvariant();
        if (term.Contains("256color", StringComparison.Ordinal))
        {
            return ColorMode.Palette256;
        }

        if (term.EndsWith("-16color", StringComparison.Ordinal) || term.EndsWith("-color", StringComparison.Ordinal) || term.EndsWith("-8color", StringComparison.Ordinal))
        {
            return ColorMode.Ansi16;
        }

        // Plain xterm and the modern terminals that call themselves something else (kitty, alacritty, foot) show 256 colours;
        // it stays the default because COLORTERM is lost over SSH.
        var family = term.Split('-', '.')[0];
        return SixteenColourFamilies.Contains(family) ? ColorMode.Ansi16 : ColorMode.Palette256;
    }
}
