using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

/// <summary>A checkout on a feature branch with run night's queue in its ias.db, on a manual clock: where a test runs a real <see cref="JobRunner"/>.</summary>
public sealed class RunnerRepo : IDisposable
{
    public RunnerRepo()
    {
        Repo.Git.Run("switch", "--quiet", "-c", "feature/queue");
        var paths = new RunPaths(Repo.Path);
        paths.EnsureCreated();
        Store = RunStore.Open(paths.Database);
        JobQueue.Create(new SqliteQueueStore(Store), Repo.Path, "night", Clock);
        Queue = Open(QueueBackends.Local(Store));
        Queue.Init();
    }

    public GitRepo Repo { get; } = new();

    public ManualClock Clock { get; } = new(QueueFixture.Start);

    public JobQueue Queue { get; }

    /// <summary>The checkout's ias.db.</summary>
    public RunStore Store { get; }

    /// <summary>Run night's queue through <paramref name="store"/> (the checkout's own, or a decorator of it).</summary>
    public JobQueue Open(IQueueStore store) => new(store, new QueuePaths(Repo.Path, "night"), QueueConfig.Defaults, Clock, new FixedRandom(0.5));

    /// <summary>A runner of <paramref name="queue"/> (the checkout's own when null) with <paramref name="agent"/>, telling its lines to <paramref name="say"/>.</summary>
    public JobRunner Runner(IAgentInvoker agent, JobQueue? queue = null, Action<string>? say = null) =>
        new(queue ?? Queue, agent, LoaConfig.Defaults(Path.Combine(Repo.Path, ConfigLoader.FileName)), Repo.Git, Clock, "test-runner", Store, say ?? (_ => { }));

    public void Dispose()
    {
        Store.Dispose();
        Repo.Dispose();
    }
}
