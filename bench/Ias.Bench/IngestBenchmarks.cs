using System.Text;
using BenchmarkDotNet.Attributes;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters.Claude;
using Ias.Core.Cycles.Records;
using Ias.Core.Processes;
using Ias.Core.Safety.Secrets;
using Ias.Core.Storage;
using Ias.Core.Turns;

namespace Ias.Bench;

/// <summary>
/// The path every line of agent output takes in the engine, on the same pieces: the pipe's bytes cut into lines
/// (LineTarget), then redaction, the job log, parsing and the events handed on (AgentStdout), the turn's display log
/// (TurnLog) and the events Run Mode stores in SQLite in batches of 500; and the drain's own work, the clues of secrets
/// found on the bytes of each read. Per line; lines/s is its inverse.
/// </summary>
[MemoryDiagnoser]
[WarmupCount(3)]
[IterationCount(20)]
public class IngestBenchmarks
{
    private const int Lines = 20_000;
    private const int ReadSize = 64 * 1024;

    private byte[] _stream = [];
    private string[] _lines = [];
    private byte[][] _utf8 = [];
    private string _dir = "";
    private RunStore? _store;
    private SecretRedactor _redactor = SecretRedactor.Patterns;

    [GlobalSetup]
    public void Setup()
    {
        _lines = [.. ClaudeStream.Lines(Lines)];
        _stream = Encoding.UTF8.GetBytes(string.Join('\n', _lines) + "\n");
        _utf8 = [.. _lines.Select(Encoding.UTF8.GetBytes)];
        _dir = Directory.CreateTempSubdirectory("ias-bench-").FullName;
        _store = RunStore.Open(Path.Combine(_dir, "ias.db"));
        _redactor = SecretRedactor.ForChild(new Dictionary<string, string>());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "pipe bytes → redact → job log → parse → display log → SQLite, per line")]
    public async Task Ingest()
    {
        var records = new RunRecords(_store!);
        var batch = new List<(DateTimeOffset At, string Kind, string Message)>();
        var logPath = Path.Combine(_dir, "stdout.jsonl");
        using var log = new StreamLog(logPath);
        await using var display = new TurnLog(_dir, TimeProvider.System);
        var sink = new AgentStdout(log, logPath, _redactor.ForStream(), _redactor, new ClaudeStreamParser(TimeProvider.System), e =>
        {
            display.Write(e);

            // As Run Mode stores them (AgentTurns.OnAgentEvent): tool calls and the first line of text, 500 to a transaction.
            switch (e)
            {
                case ToolCall call:
                    batch.Add((DateTimeOffset.UtcNow, "tool", $"{call.ToolName} {call.Target}".TrimEnd()));
                    break;
                case AssistantText text:
                    var first = text.Text.AsSpan();
                    first = first.IndexOf('\n') is var nl and >= 0 ? first[..nl] : first;
                    batch.Add((DateTimeOffset.UtcNow, "assistant", first.Length <= 200 ? first.ToString() : first[..200].ToString()));
                    break;
            }

            if (batch.Count >= 500)
            {
                records.AddEvents("bench", batch);
                batch.Clear();
            }

            return ValueTask.CompletedTask;
        });
        var target = new LineTarget(sink, new SemaphoreSlim(1, 1), () => { });
        await target.CopyFromAsync(new MemoryStream(_stream, writable: false));
        await sink.CompleteAsync();
        await sink.DisposeAsync();
        records.AddEvents("bench", batch);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "pipe bytes → redact → job log → parse, per line")]
    public async Task Stdout()
    {
        var logPath = Path.Combine(_dir, "stdout-only.jsonl");
        using var log = new StreamLog(logPath);
        await using var sink = new AgentStdout(log, logPath, _redactor.ForStream(), _redactor, new ClaudeStreamParser(TimeProvider.System), _ => ValueTask.CompletedTask);
        var target = new LineTarget(sink, new SemaphoreSlim(1, 1), () => { });
        await target.CopyFromAsync(new MemoryStream(_stream, writable: false));
        await sink.CompleteAsync();
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "Claude stream-json parsing alone, per line")]
    public int Parse()
    {
        var parser = new ClaudeStreamParser(TimeProvider.System);
        var events = new List<AgentEvent>();
        foreach (var line in _utf8)
        {
            parser.Parse(line, events);
            events.Clear();
        }

        return parser.ApiCalls;
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "clues of secrets found on the bytes of the pipe's reads of 64 KiB, per line")]
    public int Clues()
    {
        var stream = _redactor.ForStream();
        var wide = new char[ReadSize];
        var total = 0;
        for (var at = 0; at < _stream.Length; at += ReadSize)
        {
            var read = _stream.AsSpan(at, Math.Min(ReadSize, _stream.Length - at));
            Utf8Needles.Widen(read, wide);
            total += stream.NextClue(stream.Clues(wide.AsSpan(0, read.Length)), 0);
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "secret redaction alone, per line")]
    public int Redact()
    {
        var total = 0;
        foreach (var line in _lines)
        {
            total += _redactor.Redact(line).Length;
        }

        return total;
    }
}
