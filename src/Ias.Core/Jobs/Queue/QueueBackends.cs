using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Jobs.Postgres;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Queue;

/// <summary>
/// Every backend a job queue can live in, in one table: the commands, the dashboard and the snapshots open a queue's store
/// only through it, so a new backend is one entry here and one <see cref="QueueBackend"/> value.
/// </summary>
public static class QueueBackends
{
    /// <summary>`.run/ias.db` in the checkout: one box's runner, the default.</summary>
    public static QueueBackendEntry Sqlite { get; } = new(QueueBackend.Sqlite, "sqlite", Shared: false, (root, _) =>
    {
        var db = RunStore.Open(new RunPaths(root).Database);
        return new QueueStores(Local(db), db, db);
    });

    /// <summary>A PostgreSQL database a team's runners share, its connection string in <see cref="PostgresQueueStore.ConnectionVariable"/>.</summary>
    public static QueueBackendEntry Postgres { get; } = new(QueueBackend.Postgres, "postgres", Shared: true, (root, config) =>
    {
        var git = new GitCli(root);
        // Described under the queue's own policy once it holds one; the base is the same branch under any.
        var shared = PostgresQueueStore.Open(
            Environment.GetEnvironmentVariable(PostgresQueueStore.ConnectionVariable),
            policy => QueueRepository.Of(git, policy),
            config.DataPolicy,
            config.Queue.Lease,
            branch => JobBase.Problem(git, branch));
        return new QueueStores(shared, shared);
    });

    public static IReadOnlyList<QueueBackendEntry> All { get; } = [Sqlite, Postgres];

    /// <summary>The entry of <paramref name="backend"/>; every <see cref="QueueBackend"/> has one.</summary>
    public static QueueBackendEntry Of(QueueBackend backend) =>
        All.FirstOrDefault(b => b.Backend == backend) ?? throw new ArgumentOutOfRangeException(nameof(backend), backend, "no queue backend of that kind");

    /// <summary>The store ias.queue.backend names, for the checkout at <paramref name="root"/> (whose `.run/` exists).</summary>
    public static QueueStores Open(string root, LoaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Of(config.Queue.Backend).Open(root, config);
    }

    /// <summary>The checkout's own queue in its database, already open (its runs list, its snapshots), whatever backend the team uses.</summary>
    public static IQueueStore Local(RunStore db) => new SqliteQueueStore(db);
}
