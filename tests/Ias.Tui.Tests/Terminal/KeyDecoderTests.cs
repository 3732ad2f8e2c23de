using System.Text;
using Ias.Tui.Terminal;

namespace Ias.Tui.Tests.Terminal;

public class KeyDecoderTests
{
    private static List<string> Decode(params string[] reads)
    {
        var decoder = new KeyDecoder();
        var keys = new List<string>();
        foreach (var read in reads)
        {
            keys.AddRange(decoder.Feed(Encoding.UTF8.GetBytes(read)).Select(k => k.ToString()));
        }

        keys.AddRange(decoder.Idle().Select(k => k.ToString()));
        return keys;
    }

    [Theory]
    [InlineData("q", "q")]
    [InlineData("G", "G")]
    [InlineData("é", "é")]
    [InlineData("中", "中")]
    [InlineData("😀", "😀")]
    [InlineData(" ", "space")]
    [InlineData("\r", "enter")]
    [InlineData("\n", "enter")]
    [InlineData("\t", "tab")]
    [InlineData("\e[Z", "shift+tab")]
    [InlineData("\x7f", "backspace")]
    [InlineData("\b", "backspace")]
    [InlineData("\x03", "ctrl+c")]
    [InlineData("\x01", "ctrl+a")]
    [InlineData("\x1a", "ctrl+z")]
    [InlineData("\0", "ctrl+space")]
    [InlineData("\e[A", "up")]
    [InlineData("\e[B", "down")]
    [InlineData("\e[C", "right")]
    [InlineData("\e[D", "left")]
    [InlineData("\eOA", "up")]
    [InlineData("\eOD", "left")]
    [InlineData("\e[H", "home")]
    [InlineData("\e[F", "end")]
    [InlineData("\e[1~", "home")]
    [InlineData("\e[4~", "end")]
    [InlineData("\eOH", "home")]
    [InlineData("\e[5~", "pgup")]
    [InlineData("\e[6~", "pgdn")]
    [InlineData("\e[3~", "delete")]
    [InlineData("\eOP", "f1")]
    [InlineData("\e[15~", "f5")]
    [InlineData("\e[24~", "f12")]
    [InlineData("\e[1;5A", "ctrl+up")]
    [InlineData("\e[1;2B", "shift+down")]
    [InlineData("\e[5;3~", "alt+pgup")]
    [InlineData("\ex", "alt+x")]
    [InlineData("\e\x7f", "alt+backspace")]
    [InlineData("\e\x03", "ctrl+alt+c")]
    public void A_sequence_decodes_to_its_key(string bytes, string key)
    {
        Assert.Equal([key], Decode(bytes));
    }

    [Fact]
    public void A_character_carries_its_rune_and_char()
    {
        var key = Assert.Single(new KeyDecoder().Feed("é"u8));

        Assert.Equal(KeyPress.Character('é'), key);
        Assert.Equal('é', key.Char);
        Assert.Equal(Key.Char, key.Key);
    }

    [Fact]
    public void A_lone_esc_waits_until_idle_then_is_the_esc_key()
    {
        var decoder = new KeyDecoder();

        Assert.Empty(decoder.Feed("\e"u8));
        Assert.True(decoder.HasPending);
        Assert.Equal([KeyPress.Of(Key.Escape)], decoder.Idle());
        Assert.False(decoder.HasPending);
    }

    [Fact]
    public void Esc_followed_by_a_letter_in_the_next_read_is_alt_of_that_letter()
    {
        Assert.Equal(["alt+j"], Decode("\e", "j"));
    }

    [Fact]
    public void Esc_idle_then_a_letter_is_esc_and_then_the_letter()
    {
        var decoder = new KeyDecoder();
        decoder.Feed("\e"u8);

        var first = decoder.Idle();
        var second = decoder.Feed("j"u8);

        Assert.Equal([KeyPress.Of(Key.Escape), KeyPress.Character('j')], first.Concat(second));
    }

    [Fact]
    public void Sequences_split_across_reads_are_joined()
    {
        var decoder = new KeyDecoder();
        byte[][] reads = [[0x1b], [(byte)'['], [(byte)'A', 0x1b, (byte)'[', (byte)'6'], [(byte)'~', 0xe4, 0xb8], [0xad, 0x1b, (byte)'[', (byte)'1', (byte)';'], [(byte)'5', (byte)'C']];

        var keys = reads.SelectMany(read => decoder.Feed(read)).Select(k => k.ToString());

        Assert.Equal(["up", "pgdn", "中", "ctrl+right"], keys);
    }

    [Fact]
    public void Sequences_split_byte_by_byte_are_joined()
    {
        var decoder = new KeyDecoder();
        var keys = new List<KeyPress>();
        foreach (var b in "\e[1;5C中\e[5~x"u8.ToArray())
        {
            keys.AddRange(decoder.Feed([b]));
        }

        Assert.Equal(["ctrl+right", "中", "pgup", "x"], keys.Select(k => k.ToString()));
        Assert.False(decoder.HasPending);
    }

    [Fact]
    public void Many_keys_in_one_read_all_decode_in_order()
    {
        Assert.Equal(["j", "j", "down", "enter", "q", "esc", "alt+x"], Decode("jj\e[B\rq\e\ex"));
    }

    [Fact]
    public void Unknown_and_mouse_sequences_are_dropped_and_decoding_goes_on()
    {
        Assert.Equal(["a", "b", "c", "d"], Decode("a\e[<0;10;5Mb\e[99~c\e[?1;2cd"));
    }

    [Fact]
    public void Esc_bracket_then_idle_is_alt_bracket_and_a_half_sequence_is_dropped()
    {
        Assert.Equal(["alt+["], Decode("\e["));
        Assert.Empty(Decode("\e[1;5"));
    }

    [Fact]
    public void Invalid_utf8_and_garbage_never_throw()
    {
        var decoder = new KeyDecoder();
        var random = new Random(7);
        var bytes = new byte[4096];
        random.NextBytes(bytes);

        for (var i = 0; i < bytes.Length; i += 13)
        {
            decoder.Feed(bytes.AsSpan(i, Math.Min(13, bytes.Length - i)));
        }

        decoder.Idle();
        Assert.Equal([KeyPress.Character('k')], decoder.Feed("k"u8));
    }

    [Fact]
    public void An_endless_unfinished_sequence_is_given_up()
    {
        var decoder = new KeyDecoder();
        decoder.Feed(Encoding.ASCII.GetBytes("\e[" + new string('1', 100)));

        Assert.False(decoder.HasPending);
        Assert.Equal([KeyPress.Character('k')], decoder.Feed("k"u8));
    }
}
