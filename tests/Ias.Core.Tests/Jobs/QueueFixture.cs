using System.Text.Json.Nodes;
using Ias.Core.Config;
using Ias.Core.Jobs.Mirror;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

/// <summary>A run's queue on a real SQLite file in a temp folder, on a manual clock, with jitter fixed by <see cref="FixedRandom"/>.</summary>
public sealed class QueueFixture : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private readonly TempDir _dir = new();

    public QueueFixture(QueueConfig? config = null, double jitter = 0.5)
    {
        Config = config ?? QueueConfig.Defaults;
        Store = RunStore.Open(_dir.Combine(".run", "ias.db"));
        JobQueue.Create(new SqliteQueueStore(Store), _dir.Path, "night", Clock);
        Queue = new JobQueue(Store, new QueuePaths(_dir.Path, "night"), Config, Clock, new FixedRandom(jitter));
        Queue.Init();
    }

    public ManualClock Clock { get; } = new(Start);

    public QueueConfig Config { get; }

    public RunStore Store { get; }

    public JobQueue Queue { get; }

    public string Root => _dir.Path;

    public Job Get(string id) => Queue.Jobs.Single(j => j.Id == id);

    /// <summary>
    /// The mirror's contract, once the folder caught up: each job's file is in the folder of its state with the database's
    /// content, no other job file exists, state.json matches, and the counts the database keeps agree with its rows.
    /// </summary>
    public void AssertMirrorAgrees()
    {
        Queue.CatchUp();
        AssertFolderAgrees(Queue);
    }

    /// <summary>The folder as it is, without a catch-up first, against the database as <paramref name="queue"/> reads it.</summary>
    public static void AssertFolderAgrees(JobQueue queue)
    {
        var paths = queue.Paths;
        var jobs = queue.Jobs;
        var files = Directory.EnumerateFiles(paths.QueueDir, "*.json", SearchOption.AllDirectories).Where(QueueMirror.IsJobFile).Order(StringComparer.Ordinal);
        Assert.Equal(jobs.Select(j => paths.JobFile(j.State, j.Id)).Order(StringComparer.Ordinal), files);
        foreach (var job in jobs)
        {
            var file = JsonNode.Parse(File.ReadAllText(paths.JobFile(job.State, job.Id)));
            Assert.True(JsonNode.DeepEquals(QueueJson.Job(job), file), $"job {job.Id}: the file differs from the database:\n{file}");
        }

        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, s => jobs.Count(j => j.State == s));
        Assert.Equal(counts, queue.Counts);
        Assert.Equal(QueueJson.RenderState(queue.State, counts), File.ReadAllText(paths.StateJson));
    }

    public void Dispose()
    {
        Queue.Dispose();
        Store.Dispose();
        _dir.Dispose();
    }
}
