using Ias.Core.Jobs;

namespace Ias.Tui.Commands;

/// <summary>A queue's store and what must be closed with it (the checkout's database, or the shared queue's connection).</summary>
public sealed record QueueStores(IQueueStore Queue, IDisposable Owned) : IDisposable
{
    public void Dispose() => Owned.Dispose();
}
