using System.Diagnostics;
using System.Globalization;
using Ias.Core.Config;
using Ias.Core.Jobs.Postgres;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;

namespace Ias.Bench;

/// <summary>
/// The shared queue on a real PostgreSQL (bench/queue.sh starts a throwaway one): one claim with 100,000 jobs pending,
/// beside reading those jobs; and jobs/s through claim → complete of jobs enqueued beforehand with 4 runners at once (each
/// its own connection and runner folder, as on four machines), beside one runner alone: each claim and each completion its
/// own commit, and then <see cref="BatchSize"/> of each to a commit (<see cref="JobQueue.Batch"/>). Prints one "name value"
/// line per figure.
/// </summary>
public static class PostgresQueueRun
{
    private static readonly QueueRepository Repo = new("sha256:0123456789abcdef", "bench", null, "main");

    public static void Measure(string connection, TextWriter output)
    {
        var dir = Directory.CreateTempSubdirectory("ias-bench-pg-").FullName;
        try
        {
            using var first = Open(connection, dir, "backlog", create: true, out var backlog);
            var requests = Enumerable.Range(0, 100_000).Select(i => new JobRequest(i % 2 == 0 ? "implementer" : "reviewer", $"Job {i}: change the greeting.", null, i % 2 == 0)).ToList();
            first.AddJobs("backlog", requests, DateTimeOffset.UtcNow);

            var claims = Enumerable.Range(0, 50).Select(_ => Time(() => backlog.Claim("bench"))).Order().ToList();
            var load = Enumerable.Range(0, 5).Select(_ => Time(() => first.Jobs("backlog"))).Order().ToList();
            output.WriteLine(Line("claim_at_100k_ms", claims[claims.Count / 2]));
            output.WriteLine(Line("read_100k_ms", load[load.Count / 2]));
            output.WriteLine(Line("runners_1_jobs_per_s", Throughput(connection, dir, "one", runners: 1, jobs: 1_000, batch: 1)));
            output.WriteLine(Line("runners_4_jobs_per_s", Throughput(connection, dir, "four", runners: 4, jobs: 4_000, batch: 1)));
            output.WriteLine(Line("runners_1_batched_jobs_per_s", Throughput(connection, dir, "one-batched", runners: 1, jobs: 10_000, BatchSize)));
            output.WriteLine(Line("runners_4_batched_jobs_per_s", Throughput(connection, dir, "four-batched", runners: 4, jobs: 40_000, BatchSize)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Claims and completions a batch makes one commit, in the batched figures.</summary>
    public const int BatchSize = 10;

    // Every job enqueued first, then each runner claims and completes until none is left, <paramref name="batch"/> jobs to a
    // commit (one: each claim and each completion its own); jobs over the whole time.
    private static double Throughput(string connection, string dir, string run, int runners, int jobs, int batch)
    {
        using var setup = Open(connection, dir, run, create: true, out var queue);
        queue.Enqueue([.. Enumerable.Range(0, jobs).Select(i => new JobRequest("reviewer", $"Review change {i}.", null, false))]);
        var stores = new List<IDisposable>();
        var queues = Enumerable.Range(0, runners).Select(i =>
        {
            stores.Add(Open(connection, Path.Combine(dir, $"{run}-{i}"), run, create: false, out var q));
            return q;
        }).ToList();
        try
        {
            var clock = Stopwatch.StartNew();
            Task.WaitAll([.. queues.Select((q, i) => Task.Run(() =>
            {
                var left = true;
                while (left)
                {
                    if (batch == 1)
                    {
                        left = ClaimComplete(q, $"runner {i}");
                        continue;
                    }

                    q.Batch(() =>
                    {
                        for (var n = 0; n < batch && left; n++)
                        {
                            left = ClaimComplete(q, $"runner {i}");
                        }
                    });
                }
            }))]);
            return jobs / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
    }

    private static bool ClaimComplete(JobQueue queue, string owner)
    {
        if (queue.Claim(owner) is not { } job)
        {
            return false;
        }

        return queue.Complete(job, JobEvidence.None, "reviewed") ? true : throw new InvalidOperationException($"{job.Id} was not completed by its own claim");
    }

    private static PostgresQueueStore Open(string connection, string root, string run, bool create, out JobQueue queue)
    {
        var store = PostgresQueueStore.Open(connection, Repo, DataPolicy.Default, QueueConfig.Defaults.Lease);
        if (create)
        {
            JobQueue.Create(store, root, run, TimeProvider.System);
        }

        queue = new JobQueue(store, new QueuePaths(root, run), QueueConfig.Defaults, TimeProvider.System, new Random(7));
        queue.Init();
        return store;
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static string Line(string name, double value) => string.Create(CultureInfo.InvariantCulture, $"{name} {value:0.###}");
}
