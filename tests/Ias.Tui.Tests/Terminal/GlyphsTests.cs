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
}
