using Ias.Tui.Terminal;

namespace Ias.Tui.Tests.Terminal;

public class ColorModeDetectorTests
{
    [Theory]
    [InlineData(null, null, null, ColorMode.Palette256)]
    [InlineData(null, null, "xterm-256color", ColorMode.Palette256)]
    [InlineData(null, null, "screen-256color", ColorMode.Palette256)]
    [InlineData(null, null, "tmux-256color", ColorMode.Palette256)]
    [InlineData(null, null, "xterm", ColorMode.Palette256)]
    [InlineData(null, "truecolor", "xterm-256color", ColorMode.TrueColor)]
    [InlineData(null, "24bit", "xterm", ColorMode.TrueColor)]
    [InlineData(null, "TrueColor", null, ColorMode.TrueColor)]
    [InlineData(null, "yes", "xterm-256color", ColorMode.Palette256)]
    [InlineData(null, null, "linux", ColorMode.Ansi16)]
    [InlineData(null, null, "vt100", ColorMode.Ansi16)]
    [InlineData(null, null, "dumb", ColorMode.Ansi16)]
    [InlineData(null, null, "xterm-16color", ColorMode.Ansi16)]
    [InlineData(null, null, "xterm-color", ColorMode.Ansi16)]
    [InlineData(null, null, "screen", ColorMode.Ansi16)]
    [InlineData(null, null, "screen-bce", ColorMode.Ansi16)]
    [InlineData(null, null, "screen.xterm-256color", ColorMode.Palette256)]
    [InlineData(null, null, "tmux", ColorMode.Ansi16)]
    [InlineData(null, null, "vt220", ColorMode.Ansi16)]
    [InlineData(null, null, "rxvt-unicode", ColorMode.Ansi16)]
    [InlineData(null, null, "rxvt-unicode-256color", ColorMode.Palette256)]
    [InlineData(null, null, "XTERM-16COLOR", ColorMode.Ansi16)]
    [InlineData(null, null, "xterm-kitty", ColorMode.Palette256)]
    [InlineData(null, "truecolor", "screen", ColorMode.TrueColor)]
    [InlineData("1", null, "xterm-16color", ColorMode.NoColor)]
    [InlineData("1", "truecolor", "xterm-256color", ColorMode.NoColor)]
    [InlineData("0", null, null, ColorMode.NoColor)]
    [InlineData("", "truecolor", null, ColorMode.TrueColor)]
    public void The_environment_decides_the_colour_mode(string? noColor, string? colorTerm, string? term, ColorMode expected)
    {
        var environment = new Dictionary<string, string?> { ["NO_COLOR"] = noColor, ["COLORTERM"] = colorTerm, ["TERM"] = term };

        Assert.Equal(expected, ColorModeDetector.Detect(name => environment.GetValueOrDefault(name)));
    }
}
