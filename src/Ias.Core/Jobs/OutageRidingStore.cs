using System.Text.Json;

namespace Ias.Core.Jobs;

/// <summary>
/// A runner's view of its queue's store that rides out outages (<see cref="QueueOutage"/>): a request that finds the database
/// out of reach is asked again until it answers, so the result of a turn already paid for is recorded once the database is
/// back. A transaction is asked again whole, never a statement of it: what the failed one wrote was rolled back with it.
/// </summary>
public sealed class OutageRidingStore(IQueueStore inner, QueueOutage outage, CancellationToken ct) : IQueueStore
{
    // How deep the calling thread is in transactions: statements inside one fail with it and are asked again with it.
    // A runner's heartbeat and its main loop each have a thread of their own.
    private readonly ThreadLocal<int> _depth = new();

    /// <inheritdoc/>
    public bool Shared => inner.Shared;

    /// <inheritdoc/>
    public Decisions.IDecisionStore Questions => new OutageRidingDecisions(inner.Questions, this);

    /// <inheritdoc/>
    public string? BaseProblem => inner.BaseProblem;

    /// <inheritdoc/>
    public QueuePolicy? Policy => Ride(() => inner.Policy);

    /// <inheritdoc/>
    public QueuePolicy? Adopt(Config.DataPolicy policy, string by, DateTimeOffset at) => Ride(() => inner.Adopt(policy, by, at));

    /// <inheritdoc/>
    public void Transaction(Action action) => Ride(() =>
    {
        _depth.Value++;
        try
        {
            inner.Transaction(action);
        }
        finally
        {
            _depth.Value--;
        }
    });

    /// <inheritdoc/>
    public void Snapshot(Action read) => Ride(() =>
    {
        _depth.Value++;
        try
        {
            inner.Snapshot(read);
        }
        finally
        {
            _depth.Value--;
        }
    });

    /// <summary>Runs <paramref name="request"/> on the store, asked again while the database is out of reach (only at the outermost transaction).</summary>
    internal T Ride<T>(Func<T> request) => _depth.Value > 0 ? request() : outage.Ride(request, ct);

    internal void Ride(Action request)
    {
        if (_depth.Value > 0)
        {
            request();
            return;
        }

        outage.Ride(request, ct);
    }

    public bool AddQueueRun(string name, DateTimeOffset at) => Ride(() => inner.AddQueueRun(name, at));

    public IReadOnlyList<QueueRun> QueueRuns() => Ride(inner.QueueRuns);

    public QueueRun? FindQueueRun(string name) => Ride(() => inner.FindQueueRun(name));

    public void SaveQueueRun(QueueRun run) => Ride(() => inner.SaveQueueRun(run));

    public IReadOnlyList<Job> AddJobs(string run, IReadOnlyList<JobRequest> requests, DateTimeOffset at) => Ride(() => inner.AddJobs(run, requests, at));

    public IReadOnlyList<Job> Jobs(string run) => Ride(() => inner.Jobs(run));

    public void WriteJobs(Utf8JsonWriter writer, string run) => Ride(() => inner.WriteJobs(writer, run));

    public Job? FindJob(string run, string id) => Ride(() => inner.FindJob(run, id));

    public IReadOnlyList<Job> JobsIn(string run, JobState state) => Ride(() => inner.JobsIn(run, state));

    public IReadOnlyList<Job> ExpiredLeases(string run, DateTimeOffset now) => Ride(() => inner.ExpiredLeases(run, now));

    public Job? NextDue(string run, DateTimeOffset now, bool mayWrite, RunnerAgents? agents) => Ride(() => inner.NextDue(run, now, mayWrite, agents));

    public DateTimeOffset? FirstPendingDue(string run, RunnerAgents? agents) => Ride(() => inner.FirstPendingDue(run, agents));

    public IReadOnlyList<string> PendingAgents(string run) => Ride(() => inner.PendingAgents(run));

    public decimal Spent(string run) => Ride(() => inner.Spent(run));

    public IReadOnlyDictionary<JobState, int> Counts(string run) => Ride(() => inner.Counts(run));

    public bool UpdateJobIf(Job job, long generation) => Ride(() => inner.UpdateJobIf(job, generation));

    public void UpdateJob(Job job) => Ride(() => inner.UpdateJob(job));

    public string? DropTaken(string run, string name, string identity) => Ride(() => inner.DropTaken(run, name, identity));

    public void AddDrop(string run, string name, string identity, string job, DateTimeOffset at) => Ride(() => inner.AddDrop(run, name, identity, job, at));

    public int Depth(string run, string job) => Ride(() => inner.Depth(run, job));

    public void AddFollowUp(string run, string job, string parent, int depth) => Ride(() => inner.AddFollowUp(run, job, parent, depth));

    public int FollowUpCount(string run) => Ride(() => inner.FollowUpCount(run));

    public void SaveRunner(string run, QueueRunner runner) => Ride(() => inner.SaveRunner(run, runner));

    public IReadOnlyList<QueueRunner> Runners(string run) => Ride(() => inner.Runners(run));
}
