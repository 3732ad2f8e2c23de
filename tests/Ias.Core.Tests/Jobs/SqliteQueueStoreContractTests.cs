using Ias.Core.Jobs.Store;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

/// <summary>The queue store contract on a checkout's own SQLite file.</summary>
public sealed class SqliteQueueStoreContractTests : QueueStoreContract
{
    private readonly TempDir _files = new();

    protected override bool WritersWaitInOrder => true;

    protected override (IQueueStore Store, IDisposable Owned) Open()
    {
        var db = RunStore.Open(_files.Combine(".run", "ias.db"));
        return (new SqliteQueueStore(db), new Owned(db, _files));
    }

    // The database first, then its folder.
    private sealed class Owned(RunStore db, TempDir files) : IDisposable
    {
        public void Dispose()
        {
            db.Dispose();
            files.Dispose();
        }
    }
}
