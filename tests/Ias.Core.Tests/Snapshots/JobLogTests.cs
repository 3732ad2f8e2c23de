using System.Text;
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

        Assert.All(log.Lines, l => Assert.NotNull(l.Time));
        var lines = log.Lines.Select(l => l with { Time = null }).ToList();
        Assert.Contains(lines, l => l is { Kind: TurnLogKind.System } && l.Text.Contains("s-1"));
        Assert.Contains(new LogLine(TurnLogKind.Assistant, "Looking."), lines);
        Assert.Contains(new LogLine(TurnLogKind.Assistant, "Two lines."), lines);
        Assert.Contains(new LogLine(TurnLogKind.Tool, "→ Read src/a.cs"), lines);
        Assert.Contains(new LogLine(TurnLogKind.ToolResult, "  ↳ line one (+2 lines)"), lines);
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
        Assert.Equal(new LogLine(TurnLogKind.Assistant, "second") { Time = new DateTimeOffset(2026, 11, 23, 1, 2, 4, TimeSpan.Zero) }, log.Lines.Last());

        File.WriteAllText(job.Combine("exit_code"), "3");
        Assert.True(log.Poll());
        Assert.Equal(new LogLine(TurnLogKind.Error, "— agent exited (3) —"), log.Lines.Last() with { Time = null });
        Assert.NotNull(log.Lines.Last().Time);
    }

    [Fact]
    public void A_failed_exit_ends_with_the_last_lines_of_stderr_under_a_rule_and_a_clean_exit_without_them()
    {
        using var failed = new TempDir();
        File.WriteAllText(failed.Combine(TurnLog.FileName), "2026-11-23T01:02:03.456Z\tsystem\tsession s-1\n");
        File.WriteAllText(failed.Combine("stderr.log"), "Traceback (most recent call last):\n  File \"agent.py\", line 3\nRuntimeError: the model refused\n");
        File.WriteAllText(failed.Combine("exit_code"), "1");
        var log = new JobLog(failed.Path);

        Assert.True(log.Poll());

        Assert.Equal(
            ["— agent exited (1) —", "── stderr ──", "Traceback (most recent call last):", "  File \"agent.py\", line 3", "RuntimeError: the model refused"],
            Texts(log).TakeLast(5));
        Assert.Equal([TurnLogKind.Error, TurnLogKind.System, TurnLogKind.Error, TurnLogKind.Error, TurnLogKind.Error], log.Lines.TakeLast(5).Select(l => l.Kind));

        using var passed = new TempDir();
        File.WriteAllText(passed.Combine("stderr.log"), "a warning the CLI prints every time\n");
        File.WriteAllText(passed.Combine("exit_code"), "0");
        var clean = new JobLog(passed.Path);
        clean.Poll();
        Assert.Equal(["— agent exited (0) —"], Texts(clean));
    }

    [Fact]
    public void A_long_stderr_shows_only_its_last_lines_and_says_so()
    {
        using var job = new TempDir();
        File.WriteAllLines(job.Combine("stderr.log"), Enumerable.Range(1, 500).Select(i => $"noise {i}"));
        File.WriteAllText(job.Combine("exit_code"), "none");
        var log = new JobLog(job.Path);

        log.Poll();

        Assert.Equal($"── stderr, its last {JobLog.StderrLines} lines ──", Texts(log)[1]);
        Assert.Equal("noise 500", Texts(log)[^1]);
        Assert.Equal(2 + JobLog.StderrLines, log.Lines.Count);
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
        Assert.True(log.HasEarlier);
        Assert.Equal("line 50", log.Lines.Last().Text);

        // What the window let go of is still on disk, read back on demand, in order.
        Assert.Equal(Enumerable.Range(31, 10).Select(i => $"line {i}"), log.ReadEarlier(10).Select(l => l.Text));
        Assert.Equal(30, log.ReadEarlier(100).Count);
        Assert.False(log.HasEarlier);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"line {i}"), log.Lines.Where(l => l.Kind == TurnLogKind.Assistant).Select(l => l.Text));
    }

    [Fact]
    public void A_long_log_opens_on_its_last_lines_and_then_follows_what_is_appended()
    {
        using var job = new TempDir();
        var path = job.Combine(TurnLog.FileName);
        File.WriteAllText(path, string.Concat(Enumerable.Range(1, 100_000).Select(Line)));
        var log = new JobLog(job.Path, capacity: 100);

        Assert.True(log.Poll());
        Assert.Equal(Enumerable.Range(99_901, 100).Select(i => $"line {i}"), Texts(log));
        Assert.True(log.HasEarlier);

        File.AppendAllText(path, Line(100_001));
        Assert.True(log.Poll());
        Assert.Equal(Enumerable.Range(99_902, 100).Select(i => $"line {i}"), Texts(log));

        // One step back reads the lines just before the first one held; the window grows by them and stays bounded.
        Assert.Equal(Enumerable.Range(99_802, 100).Select(i => $"line {i}"), log.ReadEarlier(100).Select(l => l.Text));
        Assert.Equal(Enumerable.Range(99_802, 200).Select(i => $"line {i}"), Texts(log));
        File.AppendAllText(path, Line(100_002));
        log.Poll();
        Assert.Equal(Enumerable.Range(99_803, 200).Select(i => $"line {i}"), Texts(log));
    }

    [Fact]
    public void A_line_shows_once_its_newline_is_written_even_when_a_character_is_cut_between_two_writes()
    {
        using var job = new TempDir();
        var path = job.Combine(TurnLog.FileName);
        File.WriteAllText(path, Line(1));
        var log = new JobLog(job.Path);
        log.Poll();

        var euro = Encoding.UTF8.GetBytes("2026-11-23T01:02:03.456Z\tassistant\tcosts 5 €, done\n");
        var cut = Array.IndexOf(euro, (byte)0xE2) + 1;
        Append(path, euro[..cut]);
        Assert.False(log.Poll());
        Assert.Equal(["line 1"], Texts(log));

        Append(path, euro[cut..]);
        Assert.True(log.Poll());
        Assert.Equal(["line 1", "costs 5 €, done"], Texts(log));
    }

    [Fact]
    public void Long_lines_of_characters_of_several_bytes_read_whole_across_every_read_boundary()
    {
        using var job = new TempDir();
        var path = job.Combine(TurnLog.FileName);
        // Lines of 3,013 bytes: the file's 64 KiB reads, forwards and back, end inside characters at different places.
        var texts = Enumerable.Range(1, 300).Select(i => $"{i:000} " + new string('€', 1000)).ToList();
        File.WriteAllText(path, string.Concat(texts.Select(t => $"2026-11-23T01:02:03.456Z\tassistant\t{t}\n")));
        var log = new JobLog(job.Path, capacity: 120);

        log.Poll();
        Assert.Equal(texts[^120..], Texts(log));
        while (log.HasEarlier)
        {
            log.ReadEarlier(7);
        }

        Assert.Equal(texts, Texts(log));
    }

    [Fact]
    public void Crlf_line_ends_read_as_the_line_alone()
    {
        using var job = new TempDir();
        File.WriteAllText(job.Combine(TurnLog.FileName), "2026-11-23T01:02:03.456Z\tassistant\tfirst\r\n2026-11-23T01:02:04.000Z\ttool\t→ Read a.cs\r\n");
        var log = new JobLog(job.Path, capacity: 1);

        log.Poll();
        Assert.Equal([new LogLine(TurnLogKind.Tool, "→ Read a.cs") { Time = new DateTimeOffset(2026, 11, 23, 1, 2, 4, TimeSpan.Zero) }], log.Lines);
        Assert.Equal([new LogLine(TurnLogKind.Assistant, "first") { Time = new DateTimeOffset(2026, 11, 23, 1, 2, 3, 456, TimeSpan.Zero) }], log.ReadEarlier(5));
    }

    [Fact]
    public void A_log_written_again_from_scratch_is_read_afresh_whether_it_shrank_or_grew()
    {
        using var job = new TempDir();
        var path = job.Combine(TurnLog.FileName);
        File.WriteAllText(path, Line(1) + Line(2) + Line(3));
        var log = new JobLog(job.Path);
        log.Poll();

        File.WriteAllText(path, Line(7));
        Assert.True(log.Poll());
        Assert.Equal(["line 7"], Texts(log));

        // A new turn that wrote more than the old file held before the reader looked again.
        File.WriteAllText(path, string.Concat(Enumerable.Range(20, 5).Select(i => Line(i).Replace("01:02:03", "09:09:09", StringComparison.Ordinal))));
        Assert.True(log.Poll());
        Assert.Equal(Enumerable.Range(20, 5).Select(i => $"line {i}"), Texts(log));
        Assert.False(log.HasEarlier);
    }

    [Theory]
    [InlineData("codex", "documented-success.jsonl")]
    [InlineData("gemini", "documented-success.jsonl")]
    public async Task Other_clis_streams_read_as_text_and_the_result(string cli, string cassette)
    {
        using var job = new TempDir();
        await TurnAsync(job.Path, Cassette.Lines(cli, cassette), cli);
        var log = new JobLog(job.Path);

        log.Poll();

        Assert.DoesNotContain(log.Lines, l => l.Text.StartsWith("unparsed:", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Kind == TurnLogKind.Assistant);
        Assert.Contains(log.Lines, l => l.Text.StartsWith("result: success", StringComparison.Ordinal));
    }

    private static string Line(int i) => $"2026-11-23T01:02:03.456Z\tassistant\tline {i}\n";

    private static List<string> Texts(JobLog log) => log.Lines.Select(l => l.Text).ToList();

    private static void Append(string path, byte[] bytes)
    {
        using var fs = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        fs.Write(bytes);
    }

    /// <summary>What a turn stores while agent <paramref name="cli"/> streams <paramref name="raw"/>: the events the engine parsed, as display lines.</summary>
    private static async Task TurnAsync(string jobDir, IEnumerable<string> raw, string cli = "claude")
    {
        var lines = raw.ToList();
        var parser = AgentAdapters.Builtin.Find(cli)!.NewParser(TimeProvider.System);
        await using var log = new TurnLog(jobDir, TimeProvider.System);
        foreach (var e in lines.SelectMany(parser.Parse))
        {
            log.Write(e);
        }
    }
}
