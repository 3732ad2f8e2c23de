namespace Ias.Tui.Terminal;

/// <summary>Chooses the colour mode from NO_COLOR, COLORTERM and TERM.</summary>
public static class ColorModeDetector
{
    private static readonly string[] SixteenColourTerms = ["linux", "vt100", "dumb"];

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

        var term = variable("TERM")?.Trim() ?? string.Empty;
        if (term.Contains("256color", StringComparison.OrdinalIgnoreCase))
        {
            return ColorMode.Palette256;
        }

        return SixteenColourTerms.Any(t => string.Equals(term, t, StringComparison.OrdinalIgnoreCase)) ? ColorMode.Ansi16 : ColorMode.Palette256;
    }
}
