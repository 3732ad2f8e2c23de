using Ias.Tui.Terminal;
using Spectre.Console;

namespace Ias.Tui.Tests.Terminal;

public class CellBufferTests
{
    private static readonly Style Red = new(Color.Red);

    [Fact]
    public void A_new_buffer_is_blank_and_prints_as_empty_rows()
    {
        var buffer = new CellBuffer(4, 3);

        Assert.Equal("\n\n", buffer.ToText());
        Assert.Equal(Cell.Blank(Style.Plain), buffer[3, 2]);
    }

    [Fact]
    public void Put_writes_text_with_its_style_and_returns_the_next_column()
    {
        var buffer = new CellBuffer(10, 2);

        var next = buffer.Put(2, 1, "abc", Red);

        Assert.Equal(5, next);
        Assert.Equal("\n  abc", buffer.ToText());
        Assert.Equal(new Cell("b", Red), buffer[3, 1]);
    }

    [Fact]
    public void Put_clips_at_the_right_edge_and_ignores_rows_outside()
    {
        var buffer = new CellBuffer(5, 1);

        buffer.Put(3, 0, "xyz", Style.Plain);
        buffer.Put(0, 1, "never", Style.Plain);
        buffer.Put(0, -1, "never", Style.Plain);

        Assert.Equal("   xy", buffer.ToText());
    }

    [Fact]
    public void Put_clips_at_the_left_edge()
    {
        var buffer = new CellBuffer(5, 1);

        var next = buffer.Put(-2, 0, "abcd", Style.Plain);

        Assert.Equal("cd", buffer.ToText());
        Assert.Equal(2, next);
    }

    [Fact]
    public void Put_stops_after_max_width_columns()
    {
        var buffer = new CellBuffer(10, 1);

        var next = buffer.Put(1, 0, "abcdef", Style.Plain, 3);

        Assert.Equal(" abc", buffer.ToText());
        Assert.Equal(4, next);
    }

    [Fact]
    public void A_wide_character_takes_two_columns_the_second_a_continuation()
    {
        var buffer = new CellBuffer(6, 1);

        var next = buffer.Put(0, 0, "中a", Red);

        Assert.Equal(3, next);
        Assert.Equal("中", buffer[0, 0].Text);
        Assert.True(buffer[1, 0].IsContinuation);
        Assert.Equal("a", buffer[2, 0].Text);
        Assert.Equal("中a", buffer.ToText());
    }

    [Fact]
    public void Emoji_are_wide_and_a_combining_accent_stays_with_its_letter()
    {
        var buffer = new CellBuffer(6, 1);

        var next = buffer.Put(0, 0, "😀e\u0301x", Style.Plain);

        Assert.Equal(4, next);
        Assert.Equal("e\u0301", buffer[2, 0].Text);
        Assert.Equal("x", buffer[3, 0].Text);
    }

    [Fact]
    public void A_wide_character_that_does_not_fit_at_the_edge_leaves_a_blank()
    {
        var buffer = new CellBuffer(3, 1);
        buffer.Fill(buffer.Bounds, 'z', Style.Plain);

        var next = buffer.Put(1, 0, "a中", Red);

        Assert.Equal("za", buffer.ToText());
        Assert.Equal(new Cell(" ", Red), buffer[2, 0]);
        Assert.Equal(3, next);
    }

    [Fact]
    public void Overwriting_half_of_a_wide_character_blanks_the_other_half()
    {
        var buffer = new CellBuffer(6, 1);
        buffer.Put(0, 0, "中文", Style.Plain);

        buffer.Put(1, 0, "x", Style.Plain);
        buffer.Put(2, 0, "y", Style.Plain);

        Assert.Equal(" xy", buffer.ToText());
        Assert.False(buffer[3, 0].IsContinuation);
    }

    [Fact]
    public void Control_characters_never_reach_a_cell_and_tabs_become_spaces()
    {
        var buffer = new CellBuffer(10, 1);

        buffer.Put(0, 0, "a\e[31mb\tc\u0007", Style.Plain);

        Assert.Equal("a[31mb c", buffer.ToText());
    }

    [Fact]
    public void Fill_covers_the_rectangle_clipped_to_the_buffer()
    {
        var buffer = new CellBuffer(4, 3);

        buffer.Fill(new Rect(2, 1, 5, 5), '#', Red);

        Assert.Equal("\n  ##\n  ##", buffer.ToText());
        Assert.Equal(Red, buffer[3, 2].Style);
    }

    [Fact]
    public void Fill_refuses_a_wide_character()
    {
        var buffer = new CellBuffer(4, 1);

        var error = Assert.Throws<ArgumentException>(() => buffer.Fill(buffer.Bounds, '中', Style.Plain));

        Assert.Contains("one-column", error.Message);
        Assert.Throws<ArgumentException>(() => buffer.Fill(buffer.Bounds, '\ud83d', Style.Plain));
    }

    [Fact]
    public void Clear_blanks_every_cell_in_the_given_style()
    {
        var buffer = new CellBuffer(3, 2);
        buffer.Put(0, 0, "abc", Style.Plain);

        buffer.Clear(Red);

        Assert.Equal("\n", buffer.ToText());
        Assert.Equal(Cell.Blank(Red), buffer[2, 1]);
    }

    [Fact]
    public void ToText_trims_only_trailing_spaces()
    {
        var buffer = new CellBuffer(8, 2);
        buffer.Put(0, 0, " a  b", Style.Plain);

        Assert.Equal(" a  b\n", buffer.ToText());
    }

    [Fact]
    public void Resize_keeps_the_top_left_and_blanks_a_wide_character_cut_by_the_new_edge()
    {
        var buffer = new CellBuffer(5, 2);
        buffer.Put(0, 0, "ab中", Style.Plain);
        buffer.Put(0, 1, "xyz", Style.Plain);

        buffer.Resize(3, 3);

        Assert.Equal((3, 3), (buffer.Width, buffer.Height));
        Assert.Equal("ab\nxyz\n", buffer.ToText());
        Assert.False(buffer[2, 0].IsContinuation);
    }

    [Fact]
    public void Clone_is_an_independent_copy()
    {
        var buffer = new CellBuffer(3, 1);
        buffer.Put(0, 0, "abc", Style.Plain);

        var copy = buffer.Clone();
        buffer.Put(0, 0, "x", Style.Plain);

        Assert.Equal("abc", copy.ToText());
        Assert.Equal("xbc", buffer.ToText());
    }

    [Fact]
    public void Reading_outside_the_buffer_says_where()
    {
        var buffer = new CellBuffer(3, 1);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => buffer[3, 0]);

        Assert.Contains("(3,0)", error.Message);
    }

    [Fact]
    public void Rect_intersection_is_empty_when_apart()
    {
        Assert.Equal(new Rect(2, 1, 2, 1), new Rect(0, 0, 4, 2).Intersect(new Rect(2, 1, 9, 9)));
        Assert.True(new Rect(0, 0, 2, 2).Intersect(new Rect(5, 5, 1, 1)).IsEmpty);
    }
}
