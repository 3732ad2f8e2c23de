using Ias.Core.Config;
using Ias.Core.Jobs.Postgres;
using Ias.Core.Jobs.Store;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

/// <summary>The queue store contract on a team's shared PostgreSQL database, a fresh one in the throwaway cluster per test.</summary>
[NeedsPostgres]
[Collection(PostgresCollection.Name)]
public sealed class PostgresQueueStoreContractTests(PostgresClusterFixture postgres) : QueueStoreContract
{
    private static readonly QueueRepository Repo = new("sha256:0123456789abcdef", "shop", "file:///srv/shop.git", "main");

    // Each writing job starts its own branch from its base, so no writer waits for another (see PostgresQueueStore.NextDue).
    protected override bool WritersWaitInOrder => false;

    protected override (IQueueStore Store, IDisposable Owned) Open()
    {
        var store = PostgresQueueStore.Open(postgres.CreateDatabase(), Repo, DataPolicy.Default, QueueConfig.Defaults.Lease);
        return (store, store);
    }
}
