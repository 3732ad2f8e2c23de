using System.Text.Json;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Store;

/// <summary>
/// A queue store that hands every request on to another, through <see cref="Call{T}(Func{T})"/>: a store that changes how
/// requests are made (asked again through an outage, made to fail in a test) overrides that, or the one member it changes,
/// and a new member of <see cref="IQueueStore"/> is forwarded here once.
/// </summary>
public abstract class QueueStoreDecorator(IQueueStore inner) : IQueueStore
{
    /// <summary>The store the requests go to.</summary>
    protected IQueueStore Inner => inner;

    /// <summary>Makes one request of the inner store.</summary>
    protected virtual T Call<T>(Func<T> request) => request();

    /// <summary>Makes one request of the inner store that answers nothing.</summary>
    protected void Call(Action request) => Call(() =>
    {
        request();
        return true;
    });

    public virtual bool Shared => inner.Shared;

    public virtual Decisions.IDecisionStore Questions => inner.Questions;

    public virtual string? BaseProblem => inner.BaseProblem;

    public virtual QueuePolicy? Policy => Call(() => inner.Policy);

    public virtual QueuePolicy? Adopt(Config.DataPolicy policy, string by, DateTimeOffset at) => Call(() => inner.Adopt(policy, by, at));

    public virtual void Transaction(Action action) => Call(() => inner.Transaction(action));

    public virtual void HoldRun(string run) => Call(() => inner.HoldRun(run));

    public virtual void Snapshot(Action read) => Call(() => inner.Snapshot(read));

    public virtual bool AddQueueRun(string name, DateTimeOffset at, int numberedAfter = 0) => Call(() => inner.AddQueueRun(name, at, numberedAfter));

    public virtual IReadOnlyList<QueueRun> QueueRuns() => Call(inner.QueueRuns);

    public virtual QueueRun? FindQueueRun(string name) => Call(() => inner.FindQueueRun(name));

    public virtual void SaveQueueRun(QueueRun run) => Call(() => inner.SaveQueueRun(run));

    public virtual IReadOnlyList<Job> AddJobs(string run, IReadOnlyList<JobRequest> requests, DateTimeOffset at) => Call(() => inner.AddJobs(run, requests, at));

    public virtual IReadOnlyList<Job> Jobs(string run) => Call(() => inner.Jobs(run));

    public virtual void WriteJobs(Utf8JsonWriter writer, string run) => Call(() => inner.WriteJobs(writer, run));

    public virtual Job? FindJob(string run, string id) => Call(() => inner.FindJob(run, id));

    public virtual IReadOnlyList<Job> JobsIn(string run, JobState state) => Call(() => inner.JobsIn(run, state));

    public virtual IReadOnlyList<Job> WorkedSince(string run, DateTimeOffset since) => Call(() => inner.WorkedSince(run, since));

    public virtual IReadOnlyList<Job> ExpiredLeases(string run, DateTimeOffset now) => Call(() => inner.ExpiredLeases(run, now));

    public virtual Job? NextDue(string run, DateTimeOffset now, RunnerAgents? agents) => Call(() => inner.NextDue(run, now, agents));

    public virtual DateTimeOffset? FirstPendingDue(string run, RunnerAgents? agents) => Call(() => inner.FirstPendingDue(run, agents));

    public virtual IReadOnlyList<string> PendingAgents(string run) => Call(() => inner.PendingAgents(run));

    public virtual decimal Spent(string run) => Call(() => inner.Spent(run));

    public virtual IReadOnlyDictionary<JobState, int> Counts(string run) => Call(() => inner.Counts(run));

    public virtual bool UpdateJobIf(Job job, long generation) => Call(() => inner.UpdateJobIf(job, generation));

    public virtual void UpdateJob(Job job) => Call(() => inner.UpdateJob(job));

    public virtual void Unmirrored(string run, string folder, IReadOnlyCollection<string> ids) => Call(() => inner.Unmirrored(run, folder, ids));

    public virtual IReadOnlyList<Job> TakeUnmirrored(string run, string folder) => Call(() => inner.TakeUnmirrored(run, folder));

    public virtual string? DropTaken(string run, string name, string identity) => Call(() => inner.DropTaken(run, name, identity));

    public virtual void AddDrop(string run, string name, string identity, string job, DateTimeOffset at) => Call(() => inner.AddDrop(run, name, identity, job, at));

    public virtual int Depth(string run, string job) => Call(() => inner.Depth(run, job));

    public virtual void AddFollowUp(string run, string job, string parent, int depth) => Call(() => inner.AddFollowUp(run, job, parent, depth));

    public virtual int FollowUpCount(string run) => Call(() => inner.FollowUpCount(run));

    public virtual void SaveRunner(string run, RunnerRow runner) => Call(() => inner.SaveRunner(run, runner));

    public virtual IReadOnlyList<RunnerRow> Runners(string run) => Call(() => inner.Runners(run));
}
