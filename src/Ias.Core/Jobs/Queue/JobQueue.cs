using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Jobs.Intake;
using Ias.Core.Jobs.Mirror;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Retry;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Queue;

/// <summary>
/// One run's job queue for automated mode: the rows in `.run/ias.db` are the truth, and runner/ follows them: the jobs each
/// change wrote catch up there at most once a second while changes follow each other, and when the queue is disposed.
/// </summary>
/// <remarks>
/// Every step reads only the rows it needs through an index (the next due job, the expired leases, the counts kept by
/// triggers) and the folder's catch-up writes only the jobs changed since the last, so a claim costs the same with 10 or
/// 100,000 jobs queued and a burst of changes writes each job's file once.
/// The facade of the queue's parts, each a concern of its own: <see cref="JobClaims"/> (claims and leases),
/// <see cref="JobCompletion"/> (how a turn ends), <see cref="QueueAdministration"/> (runs, intake by command, retries, the
/// runner's record), <see cref="JobDropIntake"/> (dropped files), all writing through <see cref="QueueChanges"/>.
/// </remarks>
public sealed class JobQueue : IDisposable
{
    /// <summary>The failure of a job whose question went unanswered past ias.decisions.timeout_minutes.</summary>
    public const string UnansweredFailure = "unanswered";

    private readonly IQueueStore _queue;
    private readonly RetryPolicy _retry;
    private readonly QueueChanges _changes;
    private readonly RunnerRecord _runners;
    private readonly JobDropIntake _drops;
    private readonly JobClaims _claims;
    private readonly JobCompletion _completion;
    private readonly QueueAdministration _admin;

    /// <summary>A run's queue in the checkout's own database.</summary>
    public JobQueue(RunStore store, QueuePaths paths, QueueConfig config, TimeProvider clock, Random random)
        : this(QueueBackends.Local(store), paths, config, clock, random)
    {
    }

    /// <summary>A run's queue in <paramref name="store"/>: the checkout's own database, or one a team shares.</summary>
    public JobQueue(IQueueStore store, QueuePaths paths, QueueConfig config, TimeProvider clock, Random random)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(store);
        _queue = store;
        Paths = paths;
        _retry = new RetryPolicy(config, random);
        _changes = new QueueChanges(store, paths, config, clock);
        _runners = new RunnerRecord(store, _changes, paths.Run, config);
        _drops = new JobDropIntake(store, _changes, paths);
        _claims = new JobClaims(store, _changes, _runners, config, paths.Run);
        _completion = new JobCompletion(store, _changes, _runners, _retry, paths.Run);
        _admin = new QueueAdministration(store, _changes, _runners, config, paths.Run);
        if (_queue.FindQueueRun(paths.Run) is null)
        {
            throw new QueueException($"no run named {paths.Run}: create it with `ias new-run {paths.Run}`");
        }
    }

    public QueuePaths Paths { get; }

    public string Run => Paths.Run;

    public RetryPolicy Retry => _retry;

    /// <summary>Whether runners on other checkouts share the queue (each writing job then works on a branch of its own).</summary>
    public bool Shared => _queue.Shared;

    /// <summary>Where the questions of this queue's jobs wait for people (<see cref="IQueueStore.Questions"/>).</summary>
    public Decisions.IDecisionStore Questions => _queue.Questions;

    /// <summary>
    /// The run's runners as the store last heard from them; one not heard from for longer than a lease (killed, or its machine
    /// gone) is <see cref="RunnerStatus.Lost"/>, as a job's lease would have run out by then.
    /// </summary>
    public IReadOnlyList<RunnerRow> Runners => _runners.List(_changes.Now());

    public QueueRun State => _changes.State;

    public IReadOnlyList<Job> Jobs => _queue.Jobs(Run);

    /// <summary>
    /// `ias status --json`: the run's row, its counts and every job, read on one snapshot of the store so the counts agree with
    /// the jobs listed, each job written as the store reads it (on SQLite, from its row with no <see cref="Job"/> between).
    /// </summary>
    /// <remarks><paramref name="runnerLost"/>: the runner the row says is at work was not heard from within its lease.</remarks>
    public void WriteStatus(Stream output, bool runnerAlive, IReadOnlyList<RunnerRow>? runners, IReadOnlyCollection<string>? unserved = null, Action<System.Text.Json.Utf8JsonWriter>? safety = null, bool runnerLost = false) =>
        _queue.Snapshot(() => QueueJson.WriteStatus(output, runnerLost ? State with { RunnerStatus = RunnerStatus.Lost } : State, Counts, w => _queue.WriteJobs(w, Run), runnerAlive, runners, unserved, safety));

    /// <summary>One job by its id; null when the run has none of that id.</summary>
    public Job? Find(string id) => _queue.FindJob(Run, id);

    /// <summary>How many jobs are in each state (kept by the database, not counted here).</summary>
    public IReadOnlyDictionary<JobState, int> Counts => _queue.Counts(Run);

    /// <summary>What the run's jobs cost so far, whichever runner ran them: the run's spend against ias.budget.run_usd.</summary>
    public decimal Spent => _queue.Spent(Run);

    /// <summary>When the earliest pending job is due; null when none is pending.</summary>
    public DateTimeOffset? FirstPendingDue => _queue.FirstPendingDue(Run, Agents);

    /// <summary>
    /// The agents this process's runner can start: its claims (and <see cref="FirstPendingDue"/>) pass over jobs of other
    /// agents, and its row records them for `ias status`; null, as for every command that runs no job, takes any job.
    /// </summary>
    public RunnerAgents? Agents
    {
        get => _runners.Agents;
        set => _runners.Agents = value;
    }

    /// <summary>The agents the run's pending jobs name (a job that names none is left out).</summary>
    public IReadOnlyList<string> PendingAgents => _queue.PendingAgents(Run);

    /// <summary>`ias new-run NAME`: registers the run and creates its folder; an existing name is refused.</summary>
    public static void Create(IQueueStore store, string repoRoot, string name, TimeProvider clock) =>
        QueueAdministration.Create(store, repoRoot, name, clock);

    /// <summary>The run a command means: --run NAME, or the newest run (--latest, and the default).</summary>
    public static string Resolve(IQueueStore store, string? run, bool latest, string? repoRoot = null) => QueueAdministration.Resolve(store, run, latest, repoRoot);

    /// <summary>`ias init`: the runner folders and config.json; running it again only refreshes them.</summary>
    public void Init() => _admin.Init();

    /// <summary>`ias enqueue`: a pending job, due now.</summary>
    public Job Enqueue(string role, string prompt, string? agent, bool writes) =>
        Enqueue([new JobRequest(role, prompt, agent, writes)])[0];

    /// <summary>`ias enqueue --from-file`: pending jobs, due now, numbered in the order given, in one transaction.</summary>
    public IReadOnlyList<Job> Enqueue(IReadOnlyList<JobRequest> requests) => _admin.Enqueue(requests);

    /// <summary>
    /// Takes a file dropped into pending/ (by hand, or by another program): a valid job file becomes a pending job and is
    /// removed; an invalid one is moved to failed/ as rejected-NAME with its reason in rejected-NAME.reason, never deleted.
    /// ias's own file of a pending job is passed over, and so is one the mirror left behind when the job moved on. Returns what happened, in one line; null when there was nothing to take.
    /// </summary>
    public string? TakeDrop(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return _drops.Take(file);
    }

    /// <summary>Claims the first due job for <paramref name="owner"/>, with a fresh lease and the next generation; null when nothing is due.</summary>
    /// <remarks>
    /// Jobs whose lease expired go back to pending first (or to failed when they have used every attempt). Writing jobs are
    /// claimed only in their order.
    /// </remarks>
    public Job? Claim(string owner) => _claims.Claim(owner);

    /// <summary>Claims the first due job as <see cref="Claim"/> does, but only if it is read-only; null otherwise.</summary>
    /// <remarks>
    /// A runner whose look found a read-only job, and so took no checkout, claims nothing when a writing job has come first
    /// since: it looks again, rather than pass the writing job over.
    /// </remarks>
    public Job? ClaimReadOnly(string owner) => _claims.ClaimReadOnly(owner);

    /// <summary>
    /// The spend cap's say in each claim, set by a runner whose configuration caps spend: given what the run's jobs cost so
    /// far and how many run now, both read in the claim's own transaction with the run's row held (so the claims of a team's
    /// runners see each other's), why no job may start, or null. A claim or resume it refuses takes nothing, and
    /// <see cref="Refused"/> says why.
    /// </summary>
    public Func<decimal, int, string?>? Admission
    {
        get => _claims.Admission;
        set => _claims.Admission = value;
    }

    /// <summary>Why <see cref="Admission"/> refused the last <see cref="Claim"/> or <see cref="Resume"/>; null when it did not.</summary>
    public string? Refused => _claims.Refused;

    /// <summary>
    /// When the last outage of the database this process rode out began and ended (<see cref="QueueOutage.Last"/>): a lease
    /// that ran out within it is given back as <see cref="JobAttempt.LostInOutage"/>, uncounted. Null: every lease that ran
    /// out counts as its runner's crash.
    /// </summary>
    public Func<(DateTimeOffset From, DateTimeOffset To)?>? LastOutage
    {
        get => _claims.LastOutage;
        set => _claims.LastOutage = value;
    }

    /// <summary>
    /// Claims the blocked job <paramref name="id"/> for <paramref name="owner"/> once its questions are answered, as
    /// <see cref="Claim"/> claims a due one; null when it is not blocked, or the queue is parked or asked to stop.
    /// </summary>
    public Job? Resume(string owner, string id) => _claims.Resume(owner, id);

    /// <summary>The job <see cref="Claim"/> would take now, taking nothing: whether the runner needs the checkout for it.</summary>
    public Job? Peek() => _claims.Peek();

    /// <summary>
    /// Renews the lease of a job still held under its generation, and its runner's row with it, with the job's
    /// <paramref name="usage"/> so far when given; null when another claim has taken it.
    /// </summary>
    public Job? Heartbeat(Job job, JobUsage? usage = null) => _claims.Heartbeat(job ?? throw new ArgumentNullException(nameof(job)), usage);

    /// <summary>How deep <paramref name="job"/> is in a chain of follow-ups: 0 for a job someone enqueued.</summary>
    public int Depth(Job job) => _queue.Depth(Run, (job ?? throw new ArgumentNullException(nameof(job))).Id);

    /// <summary>How many follow-up jobs agents have queued in this run so far (see <see cref="FollowUps"/>).</summary>
    public int FollowUpCount() => _queue.FollowUpCount(Run);

    /// <summary>
    /// Marks the job done with its evidence and queues the follow-up jobs it asked for, in one transaction; false when a
    /// later claim took it (the result is then not recorded, nor its follow-ups queued).
    /// </summary>
    public bool Complete(Job job, JobEvidence evidence, string summary, IReadOnlyList<JobRequest>? followUps = null) =>
        Complete(job, evidence, summary, followUps ?? [], out _);

    /// <inheritdoc cref="Complete(Job, JobEvidence, string, IReadOnlyList{JobRequest}?)"/>
    public bool Complete(Job job, JobEvidence evidence, string summary, IReadOnlyList<JobRequest> followUps, out IReadOnlyList<Job> queued) =>
        _completion.Complete(job ?? throw new ArgumentNullException(nameof(job)), evidence, summary, followUps, out queued);

    /// <summary>
    /// Records a failed attempt and retries, fails or parks the job as <see cref="RetryPolicy"/> decides; a failed job keeps
    /// <paramref name="evidence"/> (its work-in-progress commit). Null when a later claim took the job.
    /// </summary>
    public RetryDecision? Fail(Job job, FailureClass failure, string detail, DateTimeOffset? resetsAt, JobEvidence? evidence = null) =>
        _completion.Fail(job ?? throw new ArgumentNullException(nameof(job)), failure, detail, resetsAt, evidence);

    /// <summary>
    /// Blocks a running job whose agent asked a person: its lease let go and its attempt recorded as asked (not counted
    /// toward ias.queue.retry.max_attempts) with <paramref name="reason"/>, until <see cref="Resume"/>; false when a later
    /// claim took the job.
    /// </summary>
    public bool Await(Job job, string reason) => _completion.Await(job ?? throw new ArgumentNullException(nameof(job)), reason);

    /// <summary>A blocked job whose question waited too long fails with <paramref name="reason"/>; false when it is not blocked (any more).</summary>
    public bool Unanswered(string id, string reason) => _completion.Unanswered(id, reason);

    /// <summary>
    /// `ias recover`: every running job goes back to pending with its attempt recorded (to failed if it has no attempt left).
    /// The caller holds the run's lock, so no live runner owns them; on a shared queue only the jobs of runners in
    /// <paramref name="ownedHere"/> (this checkout's, which the lock says are dead) go back, the others' leases run their course.
    /// </summary>
    public IReadOnlyList<Job> Recover(string why, Func<string?, bool>? ownedHere = null) => _claims.Recover(why, ownedHere);

    /// <summary>
    /// A runner whose terminal closed gives its running jobs back, as <see cref="Recover"/> does, but with each attempt
    /// handed back uncounted: it stopped its own agent, and the job did nothing wrong.
    /// </summary>
    public IReadOnlyList<Job> HandBack(string why, Func<string?, bool>? ownedHere = null) => _claims.Recover(why, ownedHere, counted: false);

    /// <summary>`ias retry-failed`: failed jobs back to pending, due now; with <paramref name="resetAttempts"/> their attempts start again from zero.</summary>
    public int RetryFailed(bool resetAttempts) => _admin.RetryFailed(resetAttempts);

    /// <summary>
    /// `ias stop`: the runners at work now stop after their current job (on a checkout's own queue its one runner, on a shared
    /// queue each of the team's); a runner that starts later is not stopped by it.
    /// </summary>
    public void RequestStop() => _admin.RequestStop();

    /// <summary>This process's runner starts as <paramref name="owner"/>: idle, obeying only the stops asked of it (<see cref="StopAsked"/>).</summary>
    /// <remarks>
    /// An earlier stop ends where no runner it was asked of is at work any more (on a checkout's own queue, one asked of a
    /// runner that died before seeing it); the shared queue's runners still at work keep theirs.
    /// </remarks>
    /// <param name="owner">The runner.</param>
    /// <param name="stopsBefore">The run's stops counted before the runner took its lock (see <see cref="RunnerRecord.Start"/>).</param>
    public void StartRunner(string owner, long? stopsBefore = null) => _admin.StartRunner(owner, stopsBefore);

    /// <summary>Whether this process's runner was asked to stop since it started (where none started here, whether a stop is pending).</summary>
    public bool StopAsked => _runners.StopAsked(State);

    /// <summary>This process's runner, <paramref name="owner"/>, stops as it was asked; the stop is pending no more once no runner it was asked of is at work.</summary>
    public void StoppedOnRequest(string owner) => _admin.StoppedOnRequest(owner);

    /// <summary>
    /// Records what the runner is doing now (the run's row and state.json on a checkout's own queue, <paramref name="reporter"/>'s
    /// own row among a shared queue's runners); a parked queue stays parked until its reset, whoever starts.
    /// </summary>
    public void SetRunner(RunnerStatus status, string? owner, string? reporter = null) =>
        _admin.SetRunner(status, owner, reporter);

    /// <summary>
    /// Runs several changes (enqueues, claims, completions) as one: one transaction and one mirror of every job they wrote.
    /// A crash before its end keeps none of them, in the database or the folders; after it, all are as durable as one
    /// change is.
    /// </summary>
    public void Batch(Action changes) => _changes.Change(changes);

    /// <summary>
    /// Writes the whole runner folder from the database again: a runner does at its start, as a process killed between a
    /// change and its commit left a mirror of a change the database rolled back.
    /// </summary>
    public void Mirror() => _admin.Mirror();

    /// <summary>
    /// Writes into runner/ now the jobs changed since it last caught up, by any process on the checkout (one that died
    /// before its folder caught up, or another queue of this one), as the database holds them now, and state.json.
    /// </summary>
    public void CatchUp() => _changes.CatchUp(always: true);

    /// <summary>The folder's last catch-up: it shows everything this queue changed.</summary>
    public void Dispose() => _changes.Dispose();
}
