using Ias.Tui.Theming;
using Spectre.Console;

namespace Ias.Tui.Tests.Theming;

/// <summary>The style strings theme files hold: decorations, a colour, and "on" a colour.</summary>
public sealed class StyleTextTests
{
    [Theory]
    [InlineData("default", "default", "default", Decoration.None)]
    [InlineData("bold white on red", "7", "1", Decoration.Bold)]
    [InlineData("bright_black", "8", "default", Decoration.None)]
    [InlineData("bright_white on blue", "15", "4", Decoration.None)]
    [InlineData("color(123)", "123", "default", Decoration.None)]
    [InlineData("colour(9)", "9", "default", Decoration.None)]
    [InlineData("208", "208", "default", Decoration.None)]
    [InlineData("0 on 255", "0", "255", Decoration.None)]
    [InlineData("#FF8800", "#ff8800", "default", Decoration.None)]
    [InlineData("on #102030", "default", "#102030", Decoration.None)]
    [InlineData("default on magenta", "default", "5", Decoration.None)]
    [InlineData("  BOLD   Cyan ", "6", "default", Decoration.Bold)]
    [InlineData("red on black bold", "1", "0", Decoration.Bold)]
    [InlineData("dim italic underline reverse strikethrough", "default", "default",
        Decoration.Dim | Decoration.Italic | Decoration.Underline | Decoration.Invert | Decoration.Strikethrough)]
    public void Style_strings_read_as_decorations_and_palette_or_rgb_colours(string text, string foreground, string background, Decoration decoration)
    {
        var style = StyleText.Parse(text);

        Assert.Equal(foreground, Describe(style.Foreground));
        Assert.Equal(background, Describe(style.Background));
        Assert.Equal(decoration, style.Decoration);
    }

    [Theory]
    [InlineData("purplish", "bad colour \"purplish\" in \"purplish\"; use an ANSI name")]
    [InlineData("bold on", "\"on\" needs a background colour after it in \"bold on\"")]
    [InlineData("red on", "\"on\" needs a background colour")]
    [InlineData("on red on blue", "two background colours in \"on red on blue\"")]
    [InlineData("red blue", "two foreground colours in \"red blue\" (\"blue\" is the second)")]
    [InlineData("blod red", "unknown decoration \"blod\" in \"blod red\"; did you mean \"bold\"?")]
    [InlineData("color(256)", "bad colour \"color(256)\"")]
    [InlineData("256", "bad colour \"256\"")]
    [InlineData("#12345", "bad colour \"#12345\"")]
    [InlineData("#gg0000", "bad colour \"#gg0000\"")]
    [InlineData("grey", "bad colour \"grey\"")]
    [InlineData("bright-red", "bad colour \"bright-red\"")]
    [InlineData("", "empty style; write \"default\" for plain text")]
    [InlineData("   ", "empty style")]
    public void A_bad_style_string_is_refused_naming_the_bad_word(string text, string expectedStart)
    {
        var ex = Assert.Throws<ThemeException>(() => StyleText.Parse(text));

        Assert.StartsWith(expectedStart, ex.Message);
    }

    [Theory]
    [InlineData("bold white on red")]
    [InlineData("dim")]
    [InlineData("default")]
    [InlineData("color(200) on #0a0b0c")]
    [InlineData("default on bright_yellow")]
    [InlineData("underline reverse green")]
    public void Format_writes_the_canonical_style_string(string canonical)
    {
        Assert.Equal(canonical, StyleText.Format(StyleText.Parse(canonical)));
    }

    [Fact]
    public void Every_built_in_style_formats_to_a_string_that_reads_back_the_same()
    {
        foreach (var name in ThemeLoader.BuiltInNames)
        {
            var theme = ThemeLoader.Load(name);
            foreach (var role in ThemeRoles.All)
            {
                var style = theme.Style(role.Name);
                var again = StyleText.Parse(StyleText.Format(style));

                Assert.Equal(Describe(style.Foreground), Describe(again.Foreground));
                Assert.Equal(Describe(style.Background), Describe(again.Background));
                Assert.Equal(style.Decoration, again.Decoration);
            }
        }
    }

    [Fact]
    public void ANSI_names_are_palette_numbers_not_rgb_so_they_follow_the_terminal_palette()
    {
        // Spectre compares colours by RGB alone, so palette red (9) equals #ff0000; only the number tells them apart.
        Assert.Equal(9, Palette.NumberOf(StyleText.Parse("bright_red").Foreground));
        Assert.Null(Palette.NumberOf(StyleText.Parse("#ff0000").Foreground));
        Assert.Null(Palette.NumberOf(Color.Default));
        Assert.Equal(Enumerable.Range(0, 16), Palette.AnsiNames.Select(n => Palette.NumberOf(StyleText.Parse(n).Foreground)!.Value));
    }

    private static string Describe(Color colour) =>
        Palette.NumberOf(colour) is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : colour.Equals(Color.Default) ? "default"
        : "#" + colour.ToHex().ToLowerInvariant();
}
