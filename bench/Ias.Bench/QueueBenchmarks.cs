using BenchmarkDotNet.Attributes;
using Ias.Core.Config;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Storage;

namespace Ias.Bench;

/// <summary>The job queue on a real SQLite file with its runner folder, through the JobQueue API, no agent: one claim with 100,000 jobs pending.</summary>
/// <remarks>
/// Each claim takes one job for good, so a run is held to <see cref="ClaimsPerIteration"/> claims an iteration and ten
/// warm-up iterations: at most 22,000 claims, and never fewer than 78,000 jobs pending. Left to size its own iterations,
/// BenchmarkDotNet could ask for more claims than the backlog holds when the machine was noisy, and the figure was lost.
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(ClaimsPerIteration)]
[MaxWarmupCount(10)]
public class QueueBenchmarks
{
    /// <summary>Pending jobs behind the claim in the latency figure.</summary>
    public const int Pending = 100_000;

    /// <summary>Claims in one iteration: about 150 ms of them.</summary>
    public const int ClaimsPerIteration = 200;

    private string _dir = "";
    private RunStore? _store;
    private JobQueue? _big;

    /// <summary>100,000 pending jobs, added straight to the database in one transaction, then mirrored once by `init`, as a run that was enqueued over time would be.</summary>
    [GlobalSetup]
    public void SetupBacklog()
    {
        (_dir, _store) = QueueBacklog.Create("backlog", Pending);
        _big = new JobQueue(_store, new QueuePaths(_dir, "backlog"), QueueConfig.Defaults, TimeProvider.System, new Random(7));
        _big.Init();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>One claim of the next pending job (each run of it takes one more of the 100,000; the rest stay pending).</summary>
    [Benchmark(Description = "claim with 100,000 pending")]
    public Job ClaimAt100kPending() => _big!.Claim("bench") ?? throw new InvalidOperationException("the backlog ran out");
}
