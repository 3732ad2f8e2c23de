using Ias.Core.Agents.Adapters;
using Ias.Core.Snapshots;
using Ias.Core.Tests.Agents.Adapters;
using Ias.Core.Tests.Support;
using Ias.Core.Turns;

namespace Ias.Core.Tests.Snapshots;

public sealed class JobLogTests
{
    [Fact]
    public async Task A_claude_stream_reads_as_text_tool_calls_folded_results_and_the_result()
    {
        using var job = new TempDir();
        await TurnAsync(job.Path,
        [
            """{"type":"system","subtype":"init","session_id":"s-1","model":"claude-x"}""",
            """{"type":"assistant","message":{"id":"m1","content":[{"type":"text","text":"Looking.\nTwo lines."},{"type":"tool_use","id":"t1","name":"Read","input":{"file_path":"src/a.cs"}}]}}""",
            """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t1","content":"line one\n\tline two\nline three"}]}}""",
            """{"type":"result","subtype":"success","is_error":false,"result":"Done.","usage":{"input_tokens":10,"output_tokens":5},"total_cost_usd":0.01,"session_id":"s-1"}""",
        ]);
        var log = new JobLog(job.Path);

        Assert.True(log.Poll());

        var lines = log.Lines.ToList();
        Assert.Contains(lines, l => l is { Kind: LogKind.System } && l.Text.Contains("s-1"));
        Assert.Contains(new LogLine(LogKind.Assistant, "Looking."), lines);
        Assert.Contains(new LogLine(LogKind.Assistant, "Two lines."), lines);
        Assert.Contains(new LogLine(LogKind.Tool, "→ Read src/a.cs"), lines);
        Assert.Contains(new LogLine(LogKind.ToolResult, "  ↳ line one (+2 lines)"), lines);
        Assert.Contains(lines, l => l.Text.StartsWith("result: success", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain('\t', l.Text));
    }

    [Fact]
    public void Only_appended_lines_are_read_and_the_exit_code_ends_the_log()
    {
        using var job = new TempDir();
        var path = job.Combine(TurnLog.FileName);
        File.WriteAllText(path, "2026-11-23T01:02:03.456Z\tassistant\tfirst\n");
        var log = new JobLog(job.Path);
        log.Poll();
        var before = log.Lines.Count;

        Assert.False(log.Poll());
        File.AppendAllText(path, "2026-11-23T01:02:04.000Z\tassistant\tsecond\n");
        Assert.True(log.Poll());
        Assert.Equal(before + 1, log.Lines.Count);
        Assert.Equal(new LogLine(LogKind.Assistant, "second"), log.Lines.Last());

        File.WriteAllText(job.Combine("exit_code"), "3");
        Assert.True(log.Poll());
        Assert.Equal(new LogLine(LogKind.Error, "— agent exited (3) —"), log.Lines.Last());
    }

    [Fact]
    public async Task The_window_is_bounded_and_counts_what_it_dropped()
    {
        using var job = new TempDir();
        await TurnAsync(job.Path,
            Enumerable.Range(1, 50).Select(i => $$$"""{"type":"assistant","message":{"id":"m{{{i}}}","content":[{"type":"text","text":"line {{{i}}}"}]}}"""));
        var log = new JobLog(job.Path, capacity: 10);

        log.Poll();

        Assert.Equal(10, log.Lines.Count);
        Assert.Equal(40, log.Dropped);
        Assert.Equal("line 50", log.Lines.Last().Text);
    }

    [Theory]
    [InlineData("codex", "documented-success.jsonl")]
    [InlineData("gemini", "documented-success.jsonl")]
    public async Task Other_clis_streams_read_as_text_and_the_result(string cli, string cassette)
    {
        using var job = new TempDir();
        await TurnAsync(job.Path, Cassette.Lines(cli, cassette));
        var log = new JobLog(job.Path);

        log.Poll();

        Assert.DoesNotContain(log.Lines, l => l.Text.StartsWith("unparsed:", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Kind == LogKind.Assistant);
        Assert.Contains(log.Lines, l => l.Text.StartsWith("result: success", StringComparison.Ordinal));
    }

    /// <summary>What a turn stores while its agent streams <paramref name="raw"/>: the events the engine parsed, as display lines.</summary>
    private static async Task TurnAsync(string jobDir, IEnumerable<string> raw)
    {
        var lines = raw.ToList();
        var parser = StreamFormats.ParserFor(lines.First(l => l.Trim().Length > 0), TimeProvider.System);
        await using var log = new TurnLog(jobDir, TimeProvider.System);
        foreach (var e in lines.SelectMany(parser.Parse))
        {
            log.Write(e);
        }
    }
}
