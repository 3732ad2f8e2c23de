namespace Ias.Tui.Tests.Terminal;

/// <summary>The test terminal takes what a session writes around its frames, and still refuses what a terminal would not take.</summary>
public sealed class VirtualTerminalTests
{
    [Fact]
    public void The_sessions_modes_are_taken_and_the_alternate_screen_opens_blank()
    {
        var terminal = new VirtualTerminal(10, 2);
        terminal.Feed("old\r\n");

        terminal.Feed("\e[?1049h\e[?25l\e[?7l\e[1;1Hnew\e[?2026l\e[?7h\e[?25h");

        Assert.Equal("new\n", terminal.Text);
    }

    [Fact]
    public void A_notification_is_kept_not_drawn_and_a_bell_is_counted()
    {
        var terminal = new VirtualTerminal(10, 1);

        terminal.Feed("\e]9;run halted\a\e]777;notify;ias;done\e\\\aok");

        Assert.Equal(["9;run halted", "777;notify;ias;done"], terminal.Commands);
        Assert.Equal(1, terminal.Bells);
        Assert.Equal("ok", terminal.Text);
    }

    [Theory]
    [InlineData("\e[?1000h")]
    [InlineData("\e]9;never ended")]
    [InlineData("\e(B")]
    public void What_a_frame_may_not_send_still_fails(string sequence) =>
        Assert.Throws<InvalidOperationException>(() => new VirtualTerminal(10, 1).Feed(sequence));
}
