using BenchmarkDotNet.Attributes;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;

namespace Ias.Bench;

/// <summary>The reference of the claim's figure: reading the whole queue of 100,000 pending jobs from SQLite, what a claim did three times before it read through the indexes.</summary>
[MemoryDiagnoser]
public class QueueLoadBenchmarks
{
    private string _dir = "";
    private RunStore? _store;

    [GlobalSetup]
    public void Setup() => (_dir, _store) = QueueBacklog.Create("backlog", QueueBenchmarks.Pending);

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Description = "load the 100,000 jobs from SQLite")]
    public int LoadAt100kPending() => new SqliteQueueStore(_store!).Jobs("backlog").Count;
}
