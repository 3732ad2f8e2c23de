using BenchmarkDotNet.Attributes;
using Ias.Core.Config;
using Ias.Core.Jobs;
using Ias.Core.Storage;

namespace Ias.Bench;

/// <summary>
/// The job queue on a real SQLite file with its runner folder, through the JobQueue API, no agent:
/// a job's whole way (enqueue → claim → complete), and one claim with 100,000 jobs pending.
/// </summary>
[MemoryDiagnoser]
public class QueueBenchmarks
{
    /// <summary>Jobs per run in the throughput figure: a busy night's queue, each job going its whole way before the next is enqueued.</summary>
    public const int JobsPerRun = 100;

    /// <summary>Pending jobs behind the claim in the latency figure.</summary>
    public const int Pending = 100_000;

    private string _dir = "";
    private RunStore? _store;
    private JobQueue? _big;
    private int _runs;

    [GlobalSetup(Target = nameof(EnqueueClaimComplete))]
    public void SetupThroughput() => Open();

    /// <summary>100,000 pending jobs, added straight to the database in one transaction, then mirrored once by `init`, as a run that was enqueued over time would be.</summary>
    [GlobalSetup(Targets = [nameof(ClaimAt100kPending), nameof(LoadAt100kPending)])]
    public void SetupBacklog()
    {
        Open();
        JobQueue.Create(_store!, _dir, "backlog", TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var jobs = new QueueStore(_store!);
        _store!.Transaction(() =>
        {
            for (var i = 0; i < Pending; i++)
            {
                jobs.AddJob("backlog", i % 2 == 0 ? "implementer" : "reviewer", $"Job {i}: change the greeting.", null, i % 2 == 0, now);
            }
        });
        _big = new JobQueue(_store, new QueuePaths(_dir, "backlog"), QueueConfig.Defaults, TimeProvider.System, new Random(7));
        _big.Init();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = JobsPerRun, Description = "enqueue → claim → complete, per job")]
    public void EnqueueClaimComplete()
    {
        // A fresh run each time, so every invocation measures the same queue sizes (the mirror grows with the run's jobs).
        var name = $"run-{++_runs}";
        JobQueue.Create(_store!, _dir, name, TimeProvider.System);
        var queue = new JobQueue(_store!, new QueuePaths(_dir, name), QueueConfig.Defaults, TimeProvider.System, new Random(7));
        queue.Init();
        for (var i = 0; i < JobsPerRun; i++)
        {
            queue.Enqueue("reviewer", $"Review change {i}.", null, writes: false);
            var job = queue.Claim("bench") ?? throw new InvalidOperationException("nothing to claim right after an enqueue");
            if (!queue.Complete(job, JobEvidence.None, "reviewed"))
            {
                throw new InvalidOperationException($"{job.Id} was not completed by its own claim");
            }
        }
    }

    /// <summary>The claim's reads from SQLite alone: the run's jobs, which it loads three times (twice to choose, once for the runner folder).</summary>
    [Benchmark(Description = "load the 100,000 jobs from SQLite")]
    public int LoadAt100kPending() => new QueueStore(_store!).Jobs("backlog").Count;

    /// <summary>One claim of the next pending job (each run of it takes one more of the 100,000; the rest stay pending).</summary>
    [Benchmark(Description = "claim with 100,000 pending")]
    public Job ClaimAt100kPending() => _big!.Claim("bench") ?? throw new InvalidOperationException("the backlog ran out");

    private void Open()
    {
        _dir = Directory.CreateTempSubdirectory("ias-bench-queue-").FullName;
        _store = RunStore.Open(Path.Combine(_dir, ".run", "ias.db"));
    }
}
