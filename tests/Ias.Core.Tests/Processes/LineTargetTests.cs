using System.Text;
using Ias.Core.Processes;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Processes;

public sealed class LineTargetTests
{
    [Fact]
    public async Task A_line_cut_across_reads_even_inside_a_character_reaches_the_sink_whole()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"text\":\"café → ok\"}\nsecond\n");

        // One byte a read: every line, and "é" and "→" too, arrives in pieces.
        var sink = await Pump(new Trickle(bytes, 1));

        Assert.Equal(["{\"text\":\"café → ok\"}", "second"], sink.Lines);
    }

    [Fact]
    public async Task The_last_line_without_a_newline_is_handed_on_at_the_end_of_the_stream()
    {
        var sink = await Pump(new Trickle("first\r\nlast"u8.ToArray(), 3));

        Assert.Equal(["first", "last"], sink.Lines);
    }

    [Fact]
    public async Task Each_reads_lines_go_to_the_sink_before_its_events_are_handed_on_and_the_next_read_waits()
    {
        var sink = await Pump(new Trickle("a\nb\nc\nd"u8.ToArray(), 4));

        // Reads of 4 bytes: "a\nb\n", "c\nd", then the end; each read's lines, then one hand-on.
        Assert.Equal(["a", "b", "|", "c", "|", "d", "|"], sink.Calls);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_reach_the_sink_as_they_came()
    {
        var sink = await Pump(new Trickle([0x63, 0xE9, 0x0A, 0xFF, 0x0A], 2));

        Assert.Equal([[0x63, 0xE9], [0xFF]], sink.Raw);
    }

    [Fact]
    public async Task A_byte_order_mark_before_the_first_line_is_dropped()
    {
        var sink = await Pump(new Trickle([0xEF, 0xBB, 0xBF, .. "one\n\uFEFFtwo\n"u8.ToArray()], 2));

        Assert.Equal(["one", "\uFEFFtwo"], sink.Lines);
    }

    [Fact]
    public async Task A_line_of_several_megabytes_arrives_whole_from_many_reads()
    {
        var line = new string('x', 5 * 1024 * 1024 + 17);

        var sink = await Pump(new Trickle(Encoding.UTF8.GetBytes(line + "\nend\n"), 64 * 1024));

        Assert.Equal([line, "end"], sink.Lines);
    }

    [Fact]
    public async Task The_whole_lines_of_a_read_reach_a_sink_that_takes_them_together_and_a_line_cut_across_reads_alone()
    {
        var sink = new BlockSink();
        var target = new LineTarget(sink, new SemaphoreSlim(1, 1), () => { });

        await target.CopyFromAsync(new Trickle("one\ntwo\nthr"u8.ToArray().Concat("ee\nfour\nfive\nsix"u8.ToArray()).ToArray(), 11, 100)).WaitAsync(TimeSpan.FromSeconds(30));

        // The first line goes alone (a byte order mark may open it), as does a line cut by a read and the last without its newline.
        Assert.Equal(["one", "[two\n]", "|", "three", "[four\nfive\n]", "|", "six", "|"], sink.Calls);
    }

    [Fact]
    public async Task A_read_whose_lines_end_in_CRLF_reaches_the_sink_line_by_line_without_the_CR()
    {
        var sink = new BlockSink();
        var target = new LineTarget(sink, new SemaphoreSlim(1, 1), () => { });

        await target.CopyFromAsync(new Trickle("one\ntwo\r\nthree\n"u8.ToArray(), 100)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(["one", "two", "three", "|"], sink.Calls);
    }

    private static async Task<RecordingSink> Pump(Stream origin)
    {
        var sink = new RecordingSink();
        var target = new LineTarget(sink, new SemaphoreSlim(1, 1), () => { });
        await target.CopyFromAsync(origin).WaitAsync(TimeSpan.FromSeconds(30));
        await target.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        return sink;
    }

    private sealed class RecordingSink : ILineSink
    {
        public List<byte[]> Raw { get; } = [];

        public List<string> Calls { get; } = [];

        public IEnumerable<string> Lines => Raw.Select(b => Encoding.UTF8.GetString(b));

        public bool Line(ReadOnlySpan<byte> line)
        {
            Raw.Add(line.ToArray());
            Calls.Add(Encoding.UTF8.GetString(line));
            return true;
        }

        public ValueTask ReadEndAsync()
        {
            Calls.Add("|");
            return ValueTask.CompletedTask;
        }
    }

    private sealed class BlockSink : ILineSink
    {
        public List<string> Calls { get; } = [];

        public bool Line(ReadOnlySpan<byte> line)
        {
            Calls.Add(Encoding.UTF8.GetString(line));
            return true;
        }

        public bool Lines(ReadOnlySpan<byte> lines)
        {
            Calls.Add($"[{Encoding.UTF8.GetString(lines)}]");
            return true;
        }

        public ValueTask ReadEndAsync()
        {
            Calls.Add("|");
            return ValueTask.CompletedTask;
        }
    }
}
