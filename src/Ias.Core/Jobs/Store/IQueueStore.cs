using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Store;

/// <summary>
/// Where a queue's runs and jobs live: the embedded SQLite file of one checkout (<see cref="SqliteQueueStore"/>), or a
/// PostgreSQL database a team's runners share (<see cref="Postgres.PostgresQueueStore"/>). <see cref="JobQueue"/> holds the rules;
/// a store only reads and writes rows, each step through an index.
/// </summary>
public interface IQueueStore
{
    /// <summary>Whether runners on other checkouts share this store: each writing job then gets a branch of its own.</summary>
    bool Shared { get; }

    /// <summary>Where the questions of the queue's jobs wait for people: the checkout's decisions, or the shared queue's own (Q1, Q2…).</summary>
    Decisions.IDecisionStore Questions { get; }

    /// <summary>
    /// Why jobs enqueued from this checkout could not start, in one line: on a shared queue, a base branch that is a job's own
    /// or that `origin` lacks (<see cref="JobBase"/>); null when they can, and always on a checkout's own queue.
    /// </summary>
    string? BaseProblem { get; }

    /// <summary>
    /// The data policy the queue holds for every checkout writing to it, which its store then writes under; null where each
    /// checkout's own ias.data_policy rules (its own queue) or none is set yet.
    /// </summary>
    QueuePolicy? Policy { get; }

    /// <summary>
    /// Makes <paramref name="policy"/> the queue's if it holds none yet, and returns the queue's policy from then on (null
    /// where each checkout's own rules).
    /// </summary>
    QueuePolicy? Adopt(Config.DataPolicy policy, string by, DateTimeOffset at);

    /// <summary>Runs <paramref name="action"/>'s reads and writes as one transaction; nested calls join the outer one.</summary>
    void Transaction(Action action);

    /// <summary>
    /// Holds the run's row until the open transaction ends, so transactions that must see each other's writes (claims under a
    /// spend cap) take turns; nothing where every write transaction already holds the whole store (SQLite's).
    /// </summary>
    void HoldRun(string run);

    /// <summary>Registers a run whose jobs are numbered after <paramref name="numberedAfter"/>; false when one of that name exists.</summary>
    bool AddQueueRun(string name, DateTimeOffset at, int numberedAfter = 0);

    IReadOnlyList<QueueRun> QueueRuns();

    QueueRun? FindQueueRun(string name);

    void SaveQueueRun(QueueRun run);

    /// <summary>Adds jobs with the run's next sequence numbers, in the order given; two enqueuers never share a number.</summary>
    IReadOnlyList<Job> AddJobs(string run, IReadOnlyList<JobRequest> requests, DateTimeOffset at);

    /// <summary>The run's jobs in the order they were enqueued.</summary>
    IReadOnlyList<Job> Jobs(string run);

    /// <summary>The run's jobs in the order they were enqueued, each written as `ias status --json` lists it (<see cref="QueueJson"/>).</summary>
    void WriteJobs(System.Text.Json.Utf8JsonWriter writer, string run);

    /// <summary>Runs <paramref name="read"/>'s reads on one snapshot of the store, so what they read agrees (counts and jobs).</summary>
    void Snapshot(Action read);

    Job? FindJob(string run, string id);

    /// <summary>The run's jobs in one state, in the order they were enqueued.</summary>
    IReadOnlyList<Job> JobsIn(string run, JobState state);

    /// <summary>The run's jobs that started an attempt or ended at or after <paramref name="since"/>, whatever their state now, in the order they were enqueued.</summary>
    IReadOnlyList<Job> WorkedSince(string run, DateTimeOffset since);

    /// <summary>Running jobs whose lease ran out at or before <paramref name="now"/>; on a shared store, only those no other transaction is releasing.</summary>
    IReadOnlyList<Job> ExpiredLeases(string run, DateTimeOffset now);

    /// <summary>
    /// The first due pending job a claim may take (only of an agent in <paramref name="agents"/> when given), held for the
    /// open transaction.
    /// </summary>
    Job? NextDue(string run, DateTimeOffset now, RunnerAgents? agents);

    /// <summary>When the earliest pending job (of an agent in <paramref name="agents"/>, when given) is due; null when none is pending.</summary>
    DateTimeOffset? FirstPendingDue(string run, RunnerAgents? agents);

    /// <summary>The distinct agents the run's pending jobs name.</summary>
    IReadOnlyList<string> PendingAgents(string run);

    /// <summary>How many of the run's jobs are in each state, kept as rows change.</summary>
    IReadOnlyDictionary<JobState, int> Counts(string run);

    /// <summary>Writes <paramref name="job"/> only if its row is still running under <paramref name="generation"/>.</summary>
    bool UpdateJobIf(Job job, long generation);

    /// <summary>Writes <paramref name="job"/> over its row unconditionally (claims and releases, inside a transaction).</summary>
    void UpdateJob(Job job);

    /// <summary>
    /// Records, in the open transaction, that the files of jobs <paramref name="ids"/> in the runner folder
    /// <paramref name="folder"/> lag behind their rows, so the folder catches up later even if this process dies first.
    /// </summary>
    void Unmirrored(string run, string folder, IReadOnlyCollection<string> ids);

    /// <summary>
    /// The jobs whose files in <paramref name="folder"/> lag behind, as the store holds them now and held until the open
    /// transaction ends, in seq order; they are no longer listed once it commits.
    /// </summary>
    IReadOnlyList<Job> TakeUnmirrored(string run, string folder);

    /// <summary>The job a dropped file of this name and identity became, if it was taken already.</summary>
    string? DropTaken(string run, string name, string identity);

    /// <summary>Records that a dropped file became <paramref name="job"/>, in the transaction that enqueues it.</summary>
    void AddDrop(string run, string name, string identity, string job, DateTimeOffset at);

    /// <summary>How deep <paramref name="job"/> is in a chain of follow-ups: 0 for a job someone enqueued.</summary>
    int Depth(string run, string job);

    /// <summary>Records that <paramref name="job"/> follows <paramref name="parent"/>, <paramref name="depth"/> deep.</summary>
    void AddFollowUp(string run, string job, string parent, int depth);

    /// <summary>What the run's jobs cost so far, every attempt of each, as their CLIs reported it: a queue run's spend against its cap.</summary>
    decimal Spent(string run);

    /// <summary>How many follow-up jobs agents have queued in the run so far.</summary>
    int FollowUpCount(string run);

    /// <summary>Records what one runner of the run is doing now (a shared queue keeps a row per runner; a checkout's own has one runner, in its run's row).</summary>
    void SaveRunner(string run, RunnerRow runner);

    /// <summary>Every runner the run has had, newest first, with what it last said it was doing.</summary>
    IReadOnlyList<RunnerRow> Runners(string run);
}
