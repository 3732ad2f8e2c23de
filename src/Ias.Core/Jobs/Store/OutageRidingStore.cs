using Ias.Core.Decisions;

namespace Ias.Core.Jobs.Store;

/// <summary>
/// A runner's view of its queue's store that rides out outages (<see cref="QueueOutage"/>): a request that finds the database
/// out of reach is asked again until it answers, so the result of a turn already paid for is recorded once the database is
/// back. A transaction is asked again whole, never a statement of it: what the failed one wrote was rolled back with it.
/// </summary>
public sealed class OutageRidingStore(IQueueStore inner, QueueOutage outage, CancellationToken ct) : QueueStoreDecorator(inner)
{
    // How deep the calling thread is in transactions: statements inside one fail with it and are asked again with it.
    // A runner's heartbeat and its main loop each have a thread of their own.
    private readonly ThreadLocal<int> _depth = new();

    /// <inheritdoc/>
    public override IDecisionStore Questions => new OutageRidingDecisions(Inner.Questions, this);

    /// <inheritdoc/>
    public override void Transaction(Action action) => Call(() => Nested(() => Inner.Transaction(action)));

    /// <inheritdoc/>
    public override void Snapshot(Action read) => Call(() => Nested(() => Inner.Snapshot(read)));

    /// <summary>Runs <paramref name="request"/> on the store, asked again while the database is out of reach (only at the outermost transaction).</summary>
    internal T Ride<T>(Func<T> request) => Call(request);

    internal void Ride(Action request) => Call(request);

    /// <inheritdoc/>
    protected override T Call<T>(Func<T> request) => _depth.Value > 0 ? request() : outage.Ride(request, ct);

    private void Nested(Action request)
    {
        _depth.Value++;
        try
        {
            request();
        }
        finally
        {
            _depth.Value--;
        }
    }
}
