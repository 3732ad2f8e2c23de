using BenchmarkDotNet.Attributes;
using Ias.Core.Config;
using Ias.Core.Jobs.Mirror;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;

namespace Ias.Bench;

/// <summary>
/// A job's whole way through the queue (enqueue → claim → complete) on a real SQLite file with its runner folder, through
/// the JobQueue API, no agent. The queue keeps every job the benchmark adds, so it grows while it is measured, as a real
/// one does overnight; it starts empty or with a long night's finished jobs.
/// </summary>
[MemoryDiagnoser]
public class QueueThroughputBenchmarks
{
    /// <summary>Jobs per invocation, each going its whole way before the next is enqueued.</summary>
    public const int JobsPerInvoke = 20;

    private string _dir = "";
    private RunStore? _store;
    private JobQueue? _queue;

    /// <summary>Jobs the run finished before the measured ones.</summary>
    [Params(0, 10_000)]
    public int History { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("ias-bench-queue-").FullName;
        _store = RunStore.Open(Path.Combine(_dir, ".run", "ias.db"));
        JobQueue.Create(new SqliteQueueStore(_store), _dir, "night", TimeProvider.System);
        var jobs = new SqliteQueueStore(_store);
        var now = DateTimeOffset.UtcNow;
        _store.Transaction(() =>
        {
            var added = jobs.AddJobs("night", [.. Enumerable.Range(0, History).Select(i => new JobRequest("reviewer", $"Review change {i}.", null, false))], now);
            foreach (var job in added)
            {
                jobs.UpdateJob(job with { State = JobState.Done, Attempts = 1, Started = now, Ended = now, Generation = 1, Reason = "reviewed" });
            }
        });
        _queue = new JobQueue(_store, new QueuePaths(_dir, "night"), QueueConfig.Defaults, TimeProvider.System, new Random(7));
        _queue.Init();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The same way for <see cref="BatchSize"/> jobs as one batch: one transaction and one mirror write for them all.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize, Description = "the same, 500 jobs a batch, per job")]
    public void EnqueueClaimCompleteBatched() => _queue!.Batch(() =>
    {
        for (var i = 0; i < BatchSize; i++)
        {
            _queue.Enqueue("reviewer", $"Review change {i}.", null, writes: false);
            var job = _queue.Claim("bench") ?? throw new InvalidOperationException("nothing to claim right after an enqueue");
            if (!_queue.Complete(job, JobEvidence.None, "reviewed"))
            {
                throw new InvalidOperationException($"{job.Id} was not completed by its own claim");
            }
        }
    });

    /// <summary>Jobs per batch in <see cref="EnqueueClaimCompleteBatched"/>.</summary>
    public const int BatchSize = 500;

    /// <summary>
    /// The reference: the same way through the store alone, the statements and transactions <see cref="JobQueue"/> makes for
    /// a job (an enqueue; a claim that holds the run, gives back expired leases, reads the run and the next due job, writes
    /// the job, the run and its runner; a completion under the job's generation), with no runner folder behind them.
    /// </summary>
    [Benchmark(OperationsPerInvoke = JobsPerInvoke, Description = "the same statements alone, no runner folder, per job")]
    public void StatementsAlone()
    {
        var store = new SqliteQueueStore(_store!);
        var lease = QueueConfig.Defaults.Lease;
        for (var i = 0; i < JobsPerInvoke; i++)
        {
            var now = QueueChanges.Microseconds(DateTimeOffset.UtcNow);
            store.Transaction(() =>
            {
                _ = store.FindQueueRun("night");
                store.AddJobs("night", [new JobRequest("reviewer", $"Review change {i}.", null, false)], now);
            });
            Job? claimed = null;
            store.Transaction(() =>
            {
                store.HoldRun("night");
                _ = store.ExpiredLeases("night", now);
                var run = store.FindQueueRun("night")!;
                var next = store.NextDue("night", now, agents: null) ?? throw new InvalidOperationException("nothing to claim right after an enqueue");
                claimed = JobTransitions.Claimed(next, JobTrigger.Claim, "bench", now, lease);
                store.UpdateJob(claimed);
                store.SaveQueueRun(run with { CurrentJob = claimed.Id, RunnerStatus = RunnerStatus.Running, RunnerOwner = "bench", Updated = now });
                store.SaveRunner("night", new RunnerRow("bench", RunnerStatus.Running, claimed.Id, now));
            });
            store.Transaction(() =>
            {
                if (!store.UpdateJobIf(JobTransitions.Done(claimed!, JobEvidence.None, "reviewed", now), claimed!.Generation))
                {
                    throw new InvalidOperationException($"{claimed.Id} was not completed by its own claim");
                }
            });
        }
    }

    [Benchmark(OperationsPerInvoke = JobsPerInvoke, Description = "enqueue → claim → complete, per job")]
    public void EnqueueClaimComplete()
    {
        for (var i = 0; i < JobsPerInvoke; i++)
        {
            _queue!.Enqueue("reviewer", $"Review change {i}.", null, writes: false);
            var job = _queue.Claim("bench") ?? throw new InvalidOperationException("nothing to claim right after an enqueue");
            if (!_queue.Complete(job, JobEvidence.None, "reviewed"))
            {
                throw new InvalidOperationException($"{job.Id} was not completed by its own claim");
            }
        }
    }
}
