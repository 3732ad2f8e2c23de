using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>The dashboard in a real terminal writes only the colour codes its TERM can show.</summary>
public sealed class ColourDepthTests
{
    public ColourDepthTests() => Tmux.AssertInstalled();

    [Theory]
    [InlineData("xterm-16color", false)]
    [InlineData("screen", false)]
    [InlineData("xterm-256color", true)]
    public async Task The_dashboard_writes_256_colour_codes_only_where_TERM_says_256color(string term, bool palette256)
    {
        using var repo = new TestRepo();
        var env = new Dictionary<string, string> { ["TERM"] = term, ["COLORTERM"] = "", ["NO_COLOR"] = "" };
        using var tmux = Tmux.Start(100, 30, repo.Path, env, "dashboard");
        await tmux.WaitForAsync("no run");

        var screen = tmux.CaptureWithCodes();

        Assert.Equal(palette256, screen.Contains(";5;", StringComparison.Ordinal));
        Assert.DoesNotContain(";2;", screen, StringComparison.Ordinal);

        // Still in colour: the theme's colours become the terminal's own 16 (30–37, 90–97 and their backgrounds).
        Assert.Matches(palette256 ? @"\e\[[0-9;]*38;5;\d+" : @"\e\[([0-9;]*;)?(3[0-7]|9[0-7])[;m]", screen);
    }
}
