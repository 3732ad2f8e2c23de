using Ias.Tui.Terminal;
using Spectre.Console;

namespace Ias.Tui.Tests.Terminal;

public class GlyphsTests
{
    public static TheoryData<string> Sets => ["unicode", "ascii"];

    private static Glyphs Of(string set) => Glyphs.For(ascii: set == "ascii");

    private static string[] Symbols(Glyphs g) => [g.Running, g.Done, g.Failed, g.Pending, g.Halted, g.BarFull.ToString(), g.BarEmpty.ToString(), g.Separator];

    [Theory]
    [MemberData(nameof(Sets))]
    public void Every_status_symbol_takes_one_column(string set)
    {
        var buffer = new CellBuffer(4, 1);

        foreach (var symbol in Symbols(Of(set)))
        {
            Assert.Equal(1, buffer.Put(0, 0, symbol, Style.Plain));
        }
    }

    [Fact]
    public void The_ascii_set_is_plain_ascii()
    {
        var ascii = Glyphs.Ascii;

        Assert.All(Symbols(ascii).Append(ascii.Ellipsis), s => Assert.True(s.All(char.IsAscii), s));
        Assert.Equal(BoxBorder.Ascii, ascii.Box);
        Assert.Equal(TableBorder.Ascii, ascii.Table);
    }

    [Fact]
    public void The_unicode_set_uses_the_dashboard_symbols()
    {
        var unicode = Glyphs.Unicode;

        Assert.Equal(["●", "✓", "✗", "○", "‖"], new[] { unicode.Running, unicode.Done, unicode.Failed, unicode.Pending, unicode.Halted });
        Assert.Equal(BoxBorder.Rounded, unicode.Box);
    }

    [Theory]
    [InlineData(0.0, "..........")]
    [InlineData(0.25, "###.......")]
    [InlineData(1.0, "##########")]
    [InlineData(7.0, "##########")]
    [InlineData(-1.0, "..........")]
    [InlineData(double.NaN, "..........")]
    public void A_bar_fills_its_width_by_the_fraction(double fraction, string bar)
    {
        Assert.Equal(bar, Glyphs.Ascii.Bar(fraction, 10));
    }

    [Fact]
    public void A_unicode_bar_uses_blocks_and_shades()
    {
        Assert.Equal("██░░", Glyphs.Unicode.Bar(0.5, 4));
        Assert.Equal(string.Empty, Glyphs.Unicode.Bar(0.5, 0));
    }

    [Theory]
    [InlineData(null, null, "C", false)]
    [InlineData(null, null, "POSIX", false)]
    [InlineData("C", null, "C.UTF-8", false)]
    [InlineData("POSIX", null, "en_US.UTF-8", false)]
    [InlineData(null, null, "en_US.ISO-8859-1", false)]
    [InlineData(null, "C", "en_US.UTF-8", false)]
    [InlineData(null, null, "C.UTF-8", true)]
    [InlineData(null, null, "en_US.utf8", true)]
    [InlineData("", "", "de_DE.UTF-8@euro", true)]
    [InlineData("en_GB.UTF-8", null, "C", true)]
    [InlineData(null, "C.UTF-8", "C", true)]
    [InlineData("", "", "", true)]
    [InlineData(null, null, null, true)]
    public void The_locale_is_read_as_the_C_library_reads_it_and_only_one_not_utf8_draws_ascii(string? lcAll, string? lcCtype, string? lang, bool unicode)
    {
        var env = new Dictionary<string, string?> { ["LC_ALL"] = lcAll, ["LC_CTYPE"] = lcCtype, ["LANG"] = lang };
        Assert.Equal(unicode, Glyphs.Utf8Locale(env.GetValueOrDefault));
        Assert.Equal(unicode ? Glyphs.Unicode : Glyphs.Ascii, Glyphs.For(ascii: false, env.GetValueOrDefault));
        Assert.Equal(Glyphs.Ascii, Glyphs.For(ascii: true, env.GetValueOrDefault));
    }

    [Theory]
    [InlineData("plain text", "plain text", "plain text")]
    [InlineData("a → b … c", "a -> b ... c", "a - b . c")]
    [InlineData("↑3 ↓5", "^3 v5", "^3 v5")]
    [InlineData("café déjà", "cafe deja", "cafe deja")]
    [InlineData("日本 👍🏽 ⚠️!", "?? ? !!", "? ?  ?  !!")]
    public void Ascii_spells_text_out_before_layout_and_in_place_after_it(string text, string spelt, string inPlace)
    {
        Assert.Equal(spelt, Glyphs.Spell(text));
        Assert.Equal(inPlace, Glyphs.InPlace(text));
        Assert.Equal(text, Glyphs.Unicode.Text(text));
        Assert.Equal(spelt, Glyphs.Ascii.Text(text));
    }
}
