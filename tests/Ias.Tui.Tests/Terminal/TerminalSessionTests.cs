using System.Text;
using Ias.Tui.Terminal;
using Spectre.Console;

namespace Ias.Tui.Tests.Terminal;

public class TerminalSessionTests
{
    private static string Text(MemoryStream terminal) => Encoding.ASCII.GetString(terminal.ToArray());

    [Fact]
    public void Opening_enters_raw_mode_then_the_alternate_screen_with_cursor_and_wrap_off()
    {
        var tty = new RecordingTty();
        using var terminal = new MemoryStream();

        using var session = new TerminalSession(terminal, Stream.Null, tty, () => new Size(100, 30), hookProcess: false);

        Assert.Equal(["raw"], tty.Calls);
        Assert.Equal("\e[?1049h\e[?25l\e[?7l", Text(terminal));
        Assert.DoesNotContain("\e[?1000h", Text(terminal));
        Assert.Equal(new Size(100, 30), session.Size);
    }

    [Fact]
    public void Dispose_restores_everything_once_however_often_it_is_called()
    {
        var tty = new RecordingTty();
        using var terminal = new MemoryStream();
        var session = new TerminalSession(terminal, Stream.Null, tty, () => new Size(80, 24), hookProcess: false);

        session.Restore();
        session.Dispose();
        session.Dispose();

        Assert.Equal(["raw", "restore"], tty.Calls);
        Assert.Equal(TerminalSession.EnterSequence + "\e[?2026l\e[0m\e[?7h\e[?25h\e[?1049l", Text(terminal));
        Assert.True(session.IsRestored);
    }

    [Fact]
    public void Frames_written_after_restoration_never_reach_the_terminal()
    {
        using var terminal = new MemoryStream();
        var session = new TerminalSession(terminal, Stream.Null, new RecordingTty(), () => new Size(80, 24), hookProcess: false);
        var writer = new FrameWriter(session.Output, ColorMode.Palette256);
        var frame = new CellBuffer(4, 1);
        frame.Put(0, 0, "late", Style.Plain);

        session.Dispose();
        var length = terminal.Length;
        writer.Write(null, frame);

        Assert.Equal(length, terminal.Length);
    }

    [Fact]
    public void A_storm_of_resizes_leaves_only_the_latest_size_to_read()
    {
        var size = new Size(80, 24);
        using var session = new TerminalSession(new MemoryStream(), Stream.Null, new RecordingTty(), () => size, hookProcess: false);

        foreach (var width in new[] { 100, 60, 120 })
        {
            size = new Size(width, 40);
            session.RefreshSize();
        }

        Assert.True(session.Resized.TryRead(out var latest));
        Assert.Equal(new Size(120, 40), latest);
        Assert.False(session.Resized.TryRead(out _));
        Assert.Equal(new Size(120, 40), session.Size);
    }

    [Fact]
    public void An_unknown_size_falls_back_to_80_by_24()
    {
        using var session = new TerminalSession(new MemoryStream(), Stream.Null, new RecordingTty(), () => new Size(0, 0), hookProcess: false);

        Assert.Equal(new Size(80, 24), session.Size);
    }

    [Fact]
    public void Without_a_terminal_opening_fails_before_writing_anything()
    {
        using var terminal = new MemoryStream();
        var tty = new RecordingTty { FailRaw = true };

        var error = Assert.Throws<IOException>(() => new TerminalSession(terminal, Stream.Null, tty, () => new Size(80, 24), hookProcess: false));

        Assert.Contains("interactive terminal", error.Message);
        Assert.Equal(0, terminal.Length);
    }

    [Fact]
    public void A_failure_after_raw_mode_restores_the_tty_before_throwing()
    {
        var tty = new RecordingTty();

        Assert.Throws<InvalidOperationException>(() => new TerminalSession(new MemoryStream(), Stream.Null, tty, () => throw new InvalidOperationException("no size"), hookProcess: false));

        Assert.Equal(["raw", "restore"], tty.Calls);
    }

    private sealed class RecordingTty : ITtyMode
    {
        public List<string> Calls { get; } = [];

        public bool FailRaw { get; init; }

        public void EnterRaw()
        {
            if (FailRaw)
            {
                throw new IOException("stty -g failed: stty: 'standard input': Inappropriate ioctl for device; run ias from an interactive terminal");
            }

            Calls.Add("raw");
        }

        public void Restore() => Calls.Add("restore");
    }
}
