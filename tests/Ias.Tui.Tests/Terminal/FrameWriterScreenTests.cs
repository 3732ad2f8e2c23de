using FsCheck;
using FsCheck.Fluent;
using Ias.Tui.Terminal;
using Spectre.Console;

namespace Ias.Tui.Tests.Terminal;

/// <summary>What FrameWriter sends, played on a model terminal, leaves exactly the frame the buffer holds.</summary>
public class FrameWriterScreenTests
{
    private static readonly string[] Words = ["a", "hello", "中文", "😀", "é", "  ", "│", "x中y", "─────", "Ω≈ç", "🙂 ok", "done."];

    private static readonly Style[] Styles =
    [
        Style.Plain, new(Color.Aqua), new(new Color(250, 10, 10), new Color(0, 0, 120)), new(Color.Grey, decoration: Decoration.Bold),
        new(Color.Maroon, Color.FromInt32(200), Decoration.Underline | Decoration.Italic), new(decoration: Decoration.Invert),
    ];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Style Style, ColorMode Mode), string> Pens = new();

    private static readonly (int Width, int Height)[] Sizes = [(80, 24), (40, 12), (120, 40), (7, 3), (2, 2), (1, 1)];

    /// <summary>One piece of text put somewhere: position, word and style by index.</summary>
    public sealed record Put(int X, int Y, int Word, int Style);

    /// <summary>Three frames of one screen: text put around an area that shows a log, the log moving up between frames.</summary>
    public sealed record Scene(int Size, Rect Log, Put[] Around, Put[] Changes, int Shift1, int Shift2, bool LineFeedReturns, ColorMode Mode);

    [Fact]
    public void Random_frames_with_wide_cells_and_colours_are_shown_exactly_after_every_write()
    {
        var scene = Arb.From(Scenes());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(scene, Played));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void A_log_pane_beside_other_panes_that_moves_up_a_few_lines_is_scrolled_and_repaired_exactly(int lines)
    {
        var log = new Rect(48, 2, 70, 36);
        var scene = new Scene(2, log, Around(), [], lines, lines, LineFeedReturns: true, ColorMode.Palette256);

        var (scrolled, plain) = (Sent(scene, [log]), Sent(scene, []));

        Assert.Contains("\e[3;38r", scrolled);
        Assert.True(scrolled.Length < plain.Length, $"scrolled {scrolled.Length} chars, redrawn {plain.Length}");
        Played(scene);
    }

    [Fact]
    public void A_log_replaced_whole_between_frames_is_not_scrolled()
    {
        var log = new Rect(48, 2, 70, 36);
        var scene = new Scene(2, log, Around(), [], 40, 200, LineFeedReturns: false, ColorMode.Palette256);

        Assert.DoesNotContain("\e[3;38r", Sent(scene, [log]), StringComparison.Ordinal);
        Played(scene);
    }

    private static Put[] Around() =>
        [.. Enumerable.Range(0, 40).Select(y => new Put(0, y, y % 7 == 0 ? 8 : 6, y % 3)), new Put(47, 10, 6, 0), new Put(119, 3, 6, 1)];

    private static Gen<Scene> Scenes() =>
        from size in Gen.Choose(0, Sizes.Length - 1)
        let bounds = Sizes[size]
        from x in Gen.Choose(0, bounds.Width - 1)
        from y in Gen.Choose(0, bounds.Height - 1)
        from width in Gen.Choose(1, bounds.Width - x)
        from height in Gen.Choose(1, bounds.Height - y)
        from around in Puts(bounds)
        from changes in Puts(bounds)
        from shift1 in Gen.Choose(0, height + 1)
        from shift2 in Gen.Choose(0, 3)
        from returns in Gen.Elements(true, false)
        from mode in Gen.Elements(ColorMode.NoColor, ColorMode.Ansi16, ColorMode.Palette256, ColorMode.TrueColor)
        select new Scene(size, new Rect(x, y, width, height), around, changes, shift1, shift2, returns, mode);

    private static Gen<Put[]> Puts((int Width, int Height) bounds) =>
        Gen.ArrayOf(
            from x in Gen.Choose(-1, bounds.Width - 1)
            from y in Gen.Choose(0, bounds.Height - 1)
            from word in Gen.Choose(0, Words.Length - 1)
            from style in Gen.Choose(0, Styles.Length - 1)
            select new Put(x, y, word, style));

    /// <summary>The scene's three frames: the log at line 0, after the first shift, and after both with the changes on top.</summary>
    private static CellBuffer[] Frames(Scene scene)
    {
        var (width, height) = Sizes[scene.Size];
        return
        [
            Frame(scene, width, height, 0, []),
            Frame(scene, width, height, scene.Shift1, []),
            Frame(scene, width, height, scene.Shift1 + scene.Shift2, scene.Changes),
        ];
    }

    private static CellBuffer Frame(Scene scene, int width, int height, int top, Put[] changes)
    {
        var buffer = new CellBuffer(width, height);
        foreach (var put in scene.Around)
        {
            buffer.Put(put.X, put.Y, Words[put.Word], Styles[put.Style]);
        }

        var log = scene.Log;
        buffer.Fill(log, ' ', Style.Plain);
        for (var row = 0; row < log.Height; row++)
        {
            var line = top + row;
            buffer.Put(log.X, log.Y + row, $"{line}: {Words[line % Words.Length]} {Words[(line * 5) % Words.Length]}", Styles[line % Styles.Length], log.Width);
        }

        foreach (var put in changes)
        {
            buffer.Put(put.X, put.Y, Words[put.Word], Styles[put.Style]);
        }

        return buffer;
    }

    /// <summary>Plays the first frame whole, then each next one as a diff that may scroll the log, and checks the screen after each.</summary>
    private static void Played(Scene scene)
    {
        var frames = Frames(scene);
        var (width, height) = Sizes[scene.Size];
        var terminal = new VirtualTerminal(width, height, scene.LineFeedReturns);
        using var output = new MemoryStream();
        var writer = new FrameWriter(output, scene.Mode, synchronizedOutput: scene.LineFeedReturns);
        writer.FullRedraw(frames[0]);
        for (var i = 0; i < frames.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(frames[i - 1], frames[i], [scene.Log]);
            }

            terminal.Feed(output.ToArray());
            output.SetLength(0);
            AssertShows(terminal, frames[i], scene.Mode);
        }
    }

    private static string Sent(Scene scene, Rect[] mayScroll)
    {
        var frames = Frames(scene);
        using var output = new MemoryStream();
        new FrameWriter(output, scene.Mode, synchronizedOutput: false).Write(frames[0], frames[1], mayScroll);
        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }

    private static void AssertShows(VirtualTerminal terminal, CellBuffer frame, ColorMode mode)
    {
        for (var y = 0; y < frame.Height; y++)
        {
            for (var x = 0; x < frame.Width; x++)
            {
                var cell = frame[x, y];
                Assert.True(
                    terminal.TextAt(x, y) == cell.Text && terminal.PenAt(x, y) == PenOf(cell.Style, mode),
                    $"cell ({x},{y}) shows \"{terminal.TextAt(x, y)}\" in {terminal.PenAt(x, y)}, the frame holds \"{cell.Text}\" in {PenOf(cell.Style, mode)}");
            }
        }
    }

    /// <summary>The attributes a terminal shows a style with: one cell of it drawn on a fresh model terminal.</summary>
    private static string PenOf(Style style, ColorMode mode) => Pens.GetOrAdd((style, mode), key => Drawn(key.Style, key.Mode));

    private static string Drawn(Style style, ColorMode mode)
    {
        var one = new CellBuffer(1, 1);
        one.Put(0, 0, "x", style);
        using var output = new MemoryStream();
        new FrameWriter(output, mode).FullRedraw(one);
        var terminal = new VirtualTerminal(1, 1);
        terminal.Feed(output.ToArray());
        return terminal.PenAt(0, 0);
    }
}
