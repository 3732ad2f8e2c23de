using BenchmarkDotNet.Attributes;
using Ias.Core.Config;
using Ias.Core.Jobs;
using Ias.Core.Storage;

namespace Ias.Bench;

/// <summary>The job queue on a real SQLite file with its runner folder, through the JobQueue API, no agent: one claim with 100,000 jobs pending.</summary>
[MemoryDiagnoser]
public class QueueBenchmarks
{
    /// <summary>Pending jobs behind the claim in the latency figure.</summary>
    public const int Pending = 100_000;

    private string _dir = "";
    private RunStore? _store;
    private JobQueue? _big;

    /// <summary>100,000 pending jobs, added straight to the database in one transaction, then mirrored once by `init`, as a run that was enqueued over time would be.</summary>
    [GlobalSetup]
    public void SetupBacklog()
    {
        _dir = Directory.CreateTempSubdirectory("ias-bench-queue-").FullName;
        _store = RunStore.Open(Path.Combine(_dir, ".run", "ias.db"));
        JobQueue.Create(new SqliteQueueStore(_store!), _dir, "backlog", TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var requests = Enumerable.Range(0, Pending)
            .Select(i => new JobRequest(i % 2 == 0 ? "implementer" : "reviewer", $"Job {i}: change the greeting.", null, i % 2 == 0))
            .ToList();
        new SqliteQueueStore(_store!).AddJobs("backlog", requests, now);
        _big = new JobQueue(_store, new QueuePaths(_dir, "backlog"), QueueConfig.Defaults, TimeProvider.System, new Random(7));
        _big.Init();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Reading the whole queue from SQLite, the reference: what a claim did three times before it read through the indexes.</summary>
    [Benchmark(Description = "load the 100,000 jobs from SQLite")]
    public int LoadAt100kPending() => new SqliteQueueStore(_store!).Jobs("backlog").Count;

    /// <summary>One claim of the next pending job (each run of it takes one more of the 100,000; the rest stay pending).</summary>
    [Benchmark(Description = "claim with 100,000 pending")]
    public Job ClaimAt100kPending() => _big!.Claim("bench") ?? throw new InvalidOperationException("the backlog ran out");
}
