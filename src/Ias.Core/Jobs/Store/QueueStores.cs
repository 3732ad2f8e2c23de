using Ias.Core.Storage;

namespace Ias.Core.Jobs.Store;

/// <summary>
/// A queue's store and what must be closed with it (the checkout's database, or the shared queue's connection); <see cref="Local"/>
/// is the checkout's database when it holds the queue.
/// </summary>
public sealed record QueueStores(IQueueStore Queue, IDisposable Owned, RunStore? Local = null) : IDisposable
{
    public void Dispose() => Owned.Dispose();
}
