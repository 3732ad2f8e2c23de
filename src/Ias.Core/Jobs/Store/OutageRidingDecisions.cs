using Ias.Core.Decisions;

namespace Ias.Core.Jobs.Store;

/// <summary>The questions of a queue whose store rides out outages, asked again as its store's requests are.</summary>
internal sealed class OutageRidingDecisions(IDecisionStore inner, OutageRidingStore store) : IDecisionStore
{
    public Decision Ask(Decision question) => store.Ride(() => inner.Ask(question));

    public IReadOnlyList<Decision> Open() => store.Ride(inner.Open);

    public IReadOnlyList<Decision> OfJob(string run, string job) => store.Ride(() => inner.OfJob(run, job));

    public IReadOnlyList<Decision> Undelivered(string run) => store.Ride(() => inner.Undelivered(run));

    public Decision? Find(string id) => store.Ride(() => inner.Find(id));

    public Decision? Answer(string id, string answer, DateTimeOffset at, out bool already)
    {
        var (answered, was) = store.Ride(() => (inner.Answer(id, answer, at, out var a), a));
        already = was;
        return answered;
    }

    public void Delivered(IEnumerable<string> ids, DateTimeOffset at) => store.Ride(() => inner.Delivered(ids, at));
}
