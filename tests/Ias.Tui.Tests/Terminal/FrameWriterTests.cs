using System.Text;
using Ias.Tui.Terminal;
using Spectre.Console;

namespace Ias.Tui.Tests.Terminal;

public class FrameWriterTests
{
    private static (string Text, int Count) Write(CellBuffer? previous, CellBuffer next, ColorMode mode = ColorMode.Palette256, bool synchronized = false)
    {
        using var output = new MemoryStream();
        var count = new FrameWriter(output, mode, synchronized).Write(previous, next);
        Assert.Equal(output.Length, count);
        return (Encoding.UTF8.GetString(output.ToArray()), count);
    }

    private static CellBuffer Screen()
    {
        var buffer = new CellBuffer(80, 24);
        for (var y = 0; y < 24; y++)
        {
            buffer.Put(0, y, $"row {y}: the quick brown fox jumps over the lazy dog", y % 2 == 0 ? Style.Plain : new Style(Color.Aqua));
        }

        return buffer;
    }

    [Fact]
    public void Identical_frames_write_zero_bytes()
    {
        var previous = Screen();
        using var output = new MemoryStream();

        var count = new FrameWriter(output, ColorMode.TrueColor, synchronizedOutput: true).Write(previous, previous.Clone());

        Assert.Equal(0, count);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void One_changed_cell_writes_a_cursor_move_the_pen_and_that_cell_only()
    {
        var previous = new CellBuffer(10, 3);
        var next = previous.Clone();
        next.Put(5, 2, "X", Style.Plain);

        var (text, count) = Write(previous, next, synchronized: true);

        Assert.Equal("\e[?2026h\e[3;6H\e[0mX\e[?2026l", text);
        Assert.Equal(27, count);
    }

    [Fact]
    public void Changed_text_bytes_count_the_changed_cells_own_text_only_across_frames()
    {
        var first = new CellBuffer(10, 2);
        var second = first.Clone();
        second.Put(2, 0, "aé", new Style(Color.Aqua));
        var third = second.Clone();
        third.Put(0, 1, "x", Style.Plain);
        using var output = new MemoryStream();
        var writer = new FrameWriter(output, ColorMode.Palette256);

        writer.Write(first, second);
        Assert.Equal(3, writer.ChangedTextBytes); // "a" and the two bytes of "é"; the cursor move and colour are not text
        writer.Write(second, second.Clone());
        Assert.Equal(3, writer.ChangedTextBytes);
        writer.Write(second, third);
        Assert.Equal(4, writer.ChangedTextBytes);
        Assert.True(output.Length > writer.ChangedTextBytes);
    }

    [Fact]
    public void Adjacent_changes_continue_without_another_cursor_move()
    {
        var previous = new CellBuffer(10, 1);
        var next = previous.Clone();
        next.Put(3, 0, "ab", Style.Plain);
        next.Put(5, 0, "c", Style.Plain);

        var (text, _) = Write(previous, next);

        Assert.Equal("\e[1;4H\e[0mabc", text);
    }

    [Fact]
    public void A_short_run_of_unchanged_cells_is_written_again_where_that_is_shorter_than_a_move()
    {
        var previous = new CellBuffer(20, 1);
        previous.Put(0, 0, "0123456789abcdefghij", Style.Plain);
        var next = previous.Clone();
        next.Put(1, 0, "X", Style.Plain);
        next.Put(4, 0, "Y", Style.Plain);
        next.Put(15, 0, "Z", Style.Plain);

        var (text, _) = Write(previous, next);

        // "23" (2 bytes) beats ESC[2C (4); ten cells do not beat ESC[10C (5).
        Assert.Equal("\e[1;2H\e[0mX23Y\e[10CZ", text);
    }

    [Fact]
    public void Unchanged_cells_in_another_colour_are_moved_over_when_the_colour_changes_would_cost_more()
    {
        var previous = new CellBuffer(10, 1);
        previous.Put(0, 0, "0123456789", new Style(Color.Aqua));
        var next = previous.Clone();
        next.Put(1, 0, "X", Style.Plain);
        next.Put(3, 0, "Y", Style.Plain);

        var (text, _) = Write(previous, next);

        Assert.Equal("\e[1;2H\e[0mX\e[CY", text);
    }

    [Fact]
    public void The_next_row_is_reached_with_a_carriage_return_and_line_feed_or_a_relative_move()
    {
        var previous = new CellBuffer(40, 4);
        var next = previous.Clone();
        next.Put(30, 0, "a", Style.Plain);
        next.Put(0, 1, "b", Style.Plain);
        next.Put(1, 2, "c", Style.Plain);
        next.Put(1, 3, "d", Style.Plain);

        var (text, _) = Write(previous, next);

        // A line feed alone may or may not return to column 1, so it only ever follows a carriage return.
        Assert.Equal("\e[1;31H\e[0ma\r\nb\e[Bc\r\n\e[Cd", text);
    }

    [Fact]
    public void A_style_change_sets_the_pen_once_and_an_unchanged_style_emits_nothing()
    {
        var previous = new CellBuffer(10, 1);
        var next = previous.Clone();
        var boldRed = new Style(Color.Red, decoration: Decoration.Bold | Decoration.Italic);
        next.Put(0, 0, "a", Style.Plain);
        next.Put(1, 0, "bc", boldRed);
        next.Put(5, 0, "d", new Style(Color.Red, decoration: Decoration.Bold | Decoration.Italic));

        var (text, _) = Write(previous, next);

        // After a reset the next pen leaves its own reset out.
        Assert.Equal("\e[H\e[0ma\e[1;3;91mbc\e[2Cd", text);
    }

    [Fact]
    public void No_color_mode_writes_no_colour_codes_but_keeps_decorations()
    {
        var previous = new CellBuffer(4, 1);
        var next = previous.Clone();
        next.Put(0, 0, "ab", new Style(new Color(10, 200, 30), Color.Navy, Decoration.Bold | Decoration.Invert));

        var (text, _) = Write(previous, next, ColorMode.NoColor);

        Assert.Equal("\e[H\e[0;1;7mab", text);
        Assert.DoesNotContain("38;", text);
        Assert.DoesNotContain("48;", text);
    }

    [Theory]
    [InlineData(ColorMode.TrueColor, "\e[0;38;2;255;0;0;48;2;0;0;255m")]
    [InlineData(ColorMode.Palette256, "\e[0;38;5;196;48;5;21m")]
    [InlineData(ColorMode.Ansi16, "\e[0;91;104m")]
    public void Rgb_colours_are_written_in_the_terminals_colour_mode(ColorMode mode, string sgr)
    {
        var previous = new CellBuffer(2, 1);
        var next = previous.Clone();
        next.Put(0, 0, "x", new Style(new Color(255, 0, 0), new Color(0, 0, 255)));

        var (text, _) = Write(previous, next, mode);

        Assert.Equal("\e[H" + sgr + "x", text);
    }

    [Theory]
    [InlineData(ColorMode.TrueColor, "\e[0;31;48;5;200m")]
    [InlineData(ColorMode.Palette256, "\e[0;31;48;5;200m")]
    [InlineData(ColorMode.Ansi16, "\e[0;31;105m")]
    public void Palette_colours_stay_palette_references(ColorMode mode, string sgr)
    {
        var previous = new CellBuffer(1, 1);
        var next = previous.Clone();

        // Maroon is entry 1, the user's own themed red, so it stays 31 even in true colour.
        next.Put(0, 0, "x", new Style(Color.Maroon, Color.FromInt32(200)));

        var (text, _) = Write(previous, next, mode);

        Assert.Equal("\e[H" + sgr + "x", text);
    }

    [Fact]
    public void Nearest_256_colour_of_an_rgb_off_the_grid()
    {
        var previous = new CellBuffer(1, 1);
        var next = previous.Clone();
        next.Put(0, 0, "x", new Style(new Color(0x80, 0x80, 0x82)));

        var (text, _) = Write(previous, next, ColorMode.Palette256);

        // Grey 244 is #808080; the 16 basic colours are never chosen because users retheme them.
        Assert.Contains("38;5;244m", text);
    }

    [Fact]
    public void Synchronized_output_markers_are_left_out_when_disabled()
    {
        var previous = new CellBuffer(3, 1);
        var next = previous.Clone();
        next.Put(0, 0, "a", Style.Plain);

        var (text, _) = Write(previous, next, synchronized: false);

        Assert.DoesNotContain("2026", text);
    }

    [Fact]
    public void An_unknown_screen_or_a_new_size_gets_a_full_redraw()
    {
        var next = new CellBuffer(3, 2);
        next.Put(0, 1, "ok", Style.Plain);

        var (unknown, _) = Write(null, next, synchronized: true);
        var (resized, _) = Write(new CellBuffer(4, 2), next);

        Assert.Equal("\e[?2026h\e[0m\e[2J\e[H   \e[2Hok \e[?2026l", unknown);
        Assert.StartsWith("\e[0m\e[2J", resized);
    }

    [Fact]
    public void A_full_redraw_is_far_larger_than_a_one_cell_diff()
    {
        var previous = Screen();
        var next = previous.Clone();
        next.Put(40, 12, "#", Style.Plain);
        using var output = new MemoryStream();
        var writer = new FrameWriter(output, ColorMode.Palette256);

        var diff = writer.Write(previous, next);
        var full = writer.FullRedraw(next);

        Assert.True(diff < 30, $"one-cell diff took {diff} bytes");
        Assert.True(full > 50 * diff, $"full redraw {full} bytes vs diff {diff}");
    }

    [Fact]
    public void A_changed_wide_character_is_written_once_for_both_columns()
    {
        var previous = new CellBuffer(4, 1);
        previous.Put(0, 0, "abcd", Style.Plain);
        var next = previous.Clone();
        next.Put(1, 0, "中", Style.Plain);

        var (text, count) = Write(previous, next);

        Assert.Equal("\e[1;2H\e[0m中", text);
        Assert.Equal(13, count);
    }

    [Fact]
    public void After_the_last_column_the_next_change_moves_the_cursor_again()
    {
        var previous = new CellBuffer(3, 2);
        var next = previous.Clone();
        next.Put(2, 0, "a", Style.Plain);
        next.Put(0, 1, "b", Style.Plain);

        var (text, _) = Write(previous, next);

        Assert.Equal("\e[1;3H\e[0ma\e[2Hb", text);
    }
}
