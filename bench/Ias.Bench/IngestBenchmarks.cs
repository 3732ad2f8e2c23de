using BenchmarkDotNet.Attributes;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters.Claude;
using Ias.Core.Cycles;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Bench;

/// <summary>
/// The path every line of agent output takes in the engine (CliAgentInvoker): redact, append to the job's log file,
/// parse, store what the dashboard lists (tool calls, first lines of text) in SQLite. Per line; lines/s is its inverse.
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private const int Lines = 10_000;

    private string[] _lines = [];
    private string _dir = "";
    private RunStore? _store;
    private StreamWriter? _log;
    private SecretRedactor _redactor = SecretRedactor.Patterns;

    [GlobalSetup]
    public void Setup()
    {
        _lines = [.. ClaudeStream.Lines(Lines)];
        _dir = Directory.CreateTempSubdirectory("ias-bench-").FullName;
        _store = RunStore.Open(Path.Combine(_dir, "ias.db"));
        _log = new StreamWriter(Path.Combine(_dir, "stdout.jsonl")) { AutoFlush = true };
        _redactor = SecretRedactor.ForChild(new Dictionary<string, string>());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log?.Dispose();
        _store?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = Lines, Description = "parse → store → log file, per line")]
    public void Ingest()
    {
        var parser = new ClaudeStreamParser(TimeProvider.System);
        var at = DateTimeOffset.UtcNow;
        var batch = new List<(DateTimeOffset, string, string)>();
        foreach (var raw in _lines)
        {
            var line = _redactor.Redact(raw);
            _log!.WriteLine(line);
            foreach (var e in parser.Parse(line))
            {
                switch (e)
                {
                    case ToolCall call:
                        batch.Add((at, "tool", $"{call.ToolName} {call.Target}"));
                        break;
                    case AssistantText text:
                        batch.Add((at, "assistant", text.Text.Length <= 200 ? text.Text : text.Text[..200]));
                        break;
                }
            }

            // As the engine does: events go to SQLite in batches of 500 (RunEngine.FlushAgentEvents).
            if (batch.Count >= 500)
            {
                new RunRecords(_store!).AddEvents("bench", batch);
                batch.Clear();
            }
        }

        new RunRecords(_store!).AddEvents("bench", batch);
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
