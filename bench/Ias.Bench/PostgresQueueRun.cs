using System.Diagnostics;
using System.Globalization;
using Ias.Core.Config;
using Ias.Core.Jobs;
using Ias.Core.Jobs.Postgres;

namespace Ias.Bench;

/// <summary>
/// The shared queue on a real PostgreSQL (bench/queue.sh starts a throwaway one): one claim with 100,000 jobs pending,
/// beside reading those jobs; and jobs/s through enqueue → claim → complete with 4 runners at once (each its own connection
/// and runner folder, as on four machines), beside one runner alone. Prints one "name value" line per figure.
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
            output.WriteLine(Line("runners_1_jobs_per_s", Throughput(connection, dir, "one", runners: 1, jobs: 1_000)));
            output.WriteLine(Line("runners_4_jobs_per_s", Throughput(connection, dir, "four", runners: 4, jobs: 4_000)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Every job enqueued first, then each runner claims and completes until none is left; jobs over the whole time.
    private static double Throughput(string connection, string dir, string run, int runners, int jobs)
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
                while (q.Claim($"runner {i}") is { } job)
                {
                    q.Complete(job, JobEvidence.None, "reviewed");
                }
            }))]);
            return jobs / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
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
