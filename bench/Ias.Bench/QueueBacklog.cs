using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;

namespace Ias.Bench;

/// <summary>A run with a backlog of pending jobs, added straight to the database in one transaction, half of them writing.</summary>
internal static class QueueBacklog
{
    public static (string Dir, RunStore Store) Create(string run, int pending)
    {
        var dir = Directory.CreateTempSubdirectory("ias-bench-queue-").FullName;
        var store = RunStore.Open(Path.Combine(dir, ".run", "ias.db"));
        JobQueue.Create(new SqliteQueueStore(store), dir, run, TimeProvider.System);
        var requests = Enumerable.Range(0, pending)
            .Select(i => new JobRequest(i % 2 == 0 ? "implementer" : "reviewer", $"Job {i}: change the greeting.", null, i % 2 == 0))
            .ToList();
        new SqliteQueueStore(store).AddJobs(run, requests, DateTimeOffset.UtcNow);
        return (dir, store);
    }
}
