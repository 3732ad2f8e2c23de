using Ias.Tui.Terminal;
using Spectre.Console;

namespace Ias.Tui.Tests.Terminal;

public class SpectrePainterTests
{
    [Fact]
    public void A_panel_paints_inside_its_area_and_nothing_outside()
    {
        var buffer = new CellBuffer(24, 6);
        buffer.Fill(buffer.Bounds, '.', Style.Plain);

        SpectrePainter.Paint(buffer, new Rect(2, 1, 20, 4), new Panel("hello [bold]world[/]").Header("Run").RoundedBorder());

        Assert.Equal(
            """
            ........................
            ..╭─Run─────────╮     ..
            ..│ hello world │     ..
            ..╰─────────────╯     ..
            ..                    ..
            ........................
            """.ReplaceLineEndings("\n"),
            buffer.ToText());
        Assert.Equal(Decoration.Bold, buffer[10, 2].Style.Decoration);
    }

    [Fact]
    public void A_table_with_wide_characters_keeps_its_borders_aligned()
    {
        var table = new Table().RoundedBorder().AddColumn("Job").AddColumn("State");
        table.AddRow("build", "[green]done[/]");
        table.AddRow("lint", "中文");
        var buffer = new CellBuffer(20, 6);

        SpectrePainter.Paint(buffer, buffer.Bounds, table);

        Assert.Equal(
            """
            ╭───────┬───────╮
            │ Job   │ State │
            ├───────┼───────┤
            │ build │ done  │
            │ lint  │ 中文  │
            ╰───────┴───────╯
            """.ReplaceLineEndings("\n"),
            buffer.ToText());
        Assert.Equal(Color.Green, buffer[10, 3].Style.Foreground);
    }

    [Fact]
    public void A_table_taller_than_its_area_is_cropped()
    {
        var table = new Table().AsciiBorder().AddColumn("n");
        foreach (var n in Enumerable.Range(1, 20))
        {
            table.AddRow(n.ToString());
        }

        var buffer = new CellBuffer(10, 4);

        SpectrePainter.Paint(buffer, buffer.Bounds, table);

        Assert.Equal("+----+\n| n  |\n|----|\n| 1  |", buffer.ToText());
    }

    [Fact]
    public void Markup_wraps_at_the_area_width()
    {
        var buffer = new CellBuffer(12, 3);

        SpectrePainter.Paint(buffer, new Rect(1, 0, 10, 3), new Markup("the quick brown fox jumps"));

        Assert.Equal(" the quick\n brown fox\n jumps", buffer.ToText());
    }

    [Fact]
    public void A_layout_fills_the_whole_area()
    {
        var layout = new Layout("root").SplitColumns(
            new Layout("left").Update(new Panel("L").Expand()),
            new Layout("right").Update(new Panel("R").Expand()));
        var buffer = new CellBuffer(16, 4);

        SpectrePainter.Paint(buffer, buffer.Bounds, layout);

        Assert.Equal(
            """
            ┌──────┐┌──────┐
            │ L    ││ R    │
            │      ││      │
            └──────┘└──────┘
            """.ReplaceLineEndings("\n"),
            buffer.ToText());
    }

    [Fact]
    public void Rows_columns_and_bar_charts_paint()
    {
        var buffer = new CellBuffer(20, 5);
        var chart = new BarChart().Width(20).AddItem("ok", 3, Color.Green).AddItem("fail", 1, Color.Red);

        SpectrePainter.Paint(buffer, new Rect(0, 0, 20, 2), new Rows(new Text("a"), new Text("bb")));
        SpectrePainter.Paint(buffer, new Rect(0, 2, 20, 1), new Columns(new Text("left"), new Text("right")));
        SpectrePainter.Paint(buffer, new Rect(0, 3, 20, 2), chart);

        Assert.Equal("a\nbb\nleft      right\n  ok  ████████████ 3\nfail  ██ 1", buffer.ToText());
        Assert.Equal(Color.Red, buffer[6, 4].Style.Foreground);
    }

    [Fact]
    public void Painting_again_blanks_what_the_previous_widget_left()
    {
        var buffer = new CellBuffer(10, 2);
        SpectrePainter.Paint(buffer, buffer.Bounds, new Text("long text\nsecond"));

        SpectrePainter.Paint(buffer, buffer.Bounds, new Text("hi"));

        Assert.Equal("hi\n", buffer.ToText());
        Assert.Equal(Style.Plain, buffer[5, 0].Style);
    }

    [Fact]
    public void Ascii_glyph_borders_paint_without_box_drawing_characters()
    {
        var buffer = new CellBuffer(9, 3);

        SpectrePainter.Paint(buffer, buffer.Bounds, new Panel("ok").Border(Glyphs.Ascii.Box), unicode: false);

        Assert.Equal("+----+\n| ok |\n+----+", buffer.ToText());
    }
}
