using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Ias.Core.Config;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Npgsql;

namespace Ias.Core.Jobs.Postgres;

/// <summary>
/// A queue a team's runners share on several machines, in PostgreSQL (ias.queue.backend: postgres, the connection string
/// in IAS_QUEUE_CONNECTION). A claim takes its row FOR UPDATE SKIP LOCKED, so runners never wait on each other's claims
/// nor take the same job; the generation check of <see cref="UpdateJobIf"/> lets only the current lease holder finish one.
/// </summary>
/// <remarks>
/// Each job names its repository: a runner sees the whole team's queue but claims only jobs of its own checkout's
/// <see cref="QueueRepository"/>. What is written passes the <see cref="DataPolicy"/> first: under metadata_only a job's
/// summaries and reasons are stored as markers, and a job whose prompt the policy withholds is refused, since no runner
/// could run it. The connection, its transactions and a lost server are the <see cref="PostgresSession"/>'s.
/// </remarks>
public sealed partial class PostgresQueueStore : IQueueStore, IJobChangeFeed, IDisposable
{
    private readonly PostgresSession _db;
    private readonly Func<DataPolicy, QueueRepository> _repoUnder;
    private readonly Lazy<string?> _baseProblem;

    // What is written follows the queue's policy once it holds one; until then the checkout's own.
    private QueueRepository _repo;
    private DataPolicy _policy;
    private QueuePolicy? _recorded;

    private PostgresQueueStore(PostgresSession db, Func<DataPolicy, QueueRepository> repoUnder, DataPolicy configured, Func<string, string?>? baseProblem)
    {
        _db = db;
        _repoUnder = repoUnder;
        _recorded = ReadPolicy();
        _policy = _recorded?.Policy ?? configured;
        _repo = repoUnder(_policy);
        _baseProblem = new Lazy<string?>(() => baseProblem?.Invoke(_repo.Base));
    }

    /// <summary>The environment variable that holds the Npgsql connection string: never the repository.</summary>
    public const string ConnectionVariable = "IAS_QUEUE_CONNECTION";

    /// <summary>
    /// Connects and applies the migrations the database lacks; a missing or bad connection is one line that says what to do.
    /// The server ends the session if it stands still inside a transaction for longer than <paramref name="lease"/>, and a
    /// statement may wait a minute longer than that for a row another runner holds.
    /// </summary>
    /// <remarks><paramref name="baseProblem"/> checks the repository's base branch (<see cref="JobBase"/>) at the first intake; no check when not given.</remarks>
    public static PostgresQueueStore Open(string? connection, QueueRepository repo, DataPolicy policy, TimeSpan lease, Func<string, string?>? baseProblem = null)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return Open(connection, _ => repo, policy, lease, baseProblem);
    }

    /// <summary>
    /// As <see cref="Open(string?, QueueRepository, DataPolicy, TimeSpan, Func{string, string?}?)"/>, the repository described under the
    /// policy the queue holds (<paramref name="configured"/>, the checkout's own, until it holds one).
    /// </summary>
    public static PostgresQueueStore Open(string? connection, Func<DataPolicy, QueueRepository> repoUnder, DataPolicy configured, TimeSpan lease, Func<string, string?>? baseProblem = null)
    {
        ArgumentNullException.ThrowIfNull(repoUnder);
        ArgumentNullException.ThrowIfNull(configured);
        var db = PostgresSession.Open(connection, lease);
        try
        {
            return new PostgresQueueStore(db, repoUnder, configured, baseProblem);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public bool Shared => true;

    /// <inheritdoc/>
    public Decisions.IDecisionStore Questions => new PostgresQuestions(_db, this);

    /// <inheritdoc/>
    /// <remarks>Asked once per store: a runner's checkout keeps its branch (it returns there after each job).</remarks>
    public string? BaseProblem => _baseProblem.Value;

    /// <summary>The checkout this store's runner works in: its jobs are the ones it claims.</summary>
    public QueueRepository Repository => _repo;

    /// <inheritdoc/>
    public void Transaction(Action action) => _db.Transaction(action, IsolationLevel.ReadCommitted);

    /// <inheritdoc/>
    public void HoldRun(string run) => _db.Execute("SELECT 1 FROM queue_runs WHERE name = @run FOR UPDATE;", ("run", run));

    /// <inheritdoc/>
    public bool AddQueueRun(string name, DateTimeOffset at, int numberedAfter = 0) => _db.Execute(
        """
        INSERT INTO queue_runs (name, created, runner_status, stop_requested, updated, seq_base)
        VALUES (@name, @at, 'idle', false, @at, @base) ON CONFLICT (name) DO NOTHING;
        """,
        ("name", name),
        ("at", at),
        ("base", numberedAfter)) == 1;

    /// <inheritdoc/>
    public IReadOnlyList<QueueRun> QueueRuns() => _db.Query($"SELECT {RunColumns} FROM queue_runs ORDER BY created, name;", ReadQueueRun);

    /// <inheritdoc/>
    public QueueRun? FindQueueRun(string name) =>
        _db.Query($"SELECT {RunColumns} FROM queue_runs WHERE name = @name;", ReadQueueRun, ("name", name)).FirstOrDefault();

    /// <inheritdoc/>
    public void SaveQueueRun(QueueRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _db.Execute(
                """
                UPDATE queue_runs SET initialized = @init, runner_status = @status, runner_owner = @owner, current_job = @job,
                    stop_requested = @stop, stops = GREATEST(stops, @stops), parked_until = @parked, parked_reason = @why,
                    updated = @updated
                WHERE name = @name;
                """,
                ("name", run.Name),
                ("init", run.Initialized),
                ("status", run.RunnerStatus.Wire()),
                ("owner", run.RunnerOwner),
                ("job", run.CurrentJob),
                ("stop", run.StopRequested),
                ("stops", run.Stops),
                ("parked", run.ParkedUntil),
                ("why", Withhold("job.reason", run.ParkedReason)),
                ("updated", run.Updated));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Each runner keeps its own row, so the team's status shows every one and not only the last to write. A row written
    /// without the stops its runner started at (by a queue of the same process that did not start it) keeps the ones it has.
    /// </remarks>
    public void SaveRunner(string run, RunnerRow runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _db.Execute(
            """
            INSERT INTO queue_runners (run, owner, status, current_job, updated, agents, stops_at_start)
            VALUES (@run, @owner, @status, @job, @updated, @agents, @stops_at_start)
            ON CONFLICT (run, owner) DO UPDATE SET status = @status, current_job = @job, updated = @updated, agents = @agents,
                stops_at_start = COALESCE(@stops_at_start, queue_runners.stops_at_start);
            """,
            ("run", run),
            ("owner", runner.Owner),
            ("status", runner.Status.Wire()),
            ("job", runner.CurrentJob),
            ("updated", runner.Updated),
            ("agents", runner.Agents?.Wire),
            ("stops_at_start", runner.StopsAtStart));
    }

    /// <inheritdoc/>
    public IReadOnlyList<RunnerRow> Runners(string run) => _db.Query(
        "SELECT owner, status, current_job, updated, agents, stops_at_start FROM queue_runners WHERE run = @run ORDER BY updated DESC, owner;",
        r => new RunnerRow(r.GetString(0), RunnerStatuses.Parse(r.GetString(1)), QueueRows.Text(r, 2), Time(r, 3)!.Value)
        {
            Agents = RunnerAgents.Parse(QueueRows.Text(r, 4)),
            StopsAtStart = r.IsDBNull(5) ? null : r.GetInt64(5),
        },
        ("run", run));

    /// <inheritdoc/>
    /// <remarks>The run's row is locked for the numbering, so two enqueuers on two machines never share a number.</remarks>
    public IReadOnlyList<Job> AddJobs(string run, IReadOnlyList<JobRequest> requests, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count > 0 && !_policy.Allows("job.prompt"))
        {
            throw new QueueException("ias.data_policy is metadata_only without intake.rawContent on its allowlist, so the shared queue may not hold a job's prompt and no runner could run it: add intake.rawContent to ias.data_policy.allowlist, or use the local queue (ias.queue.backend: sqlite)");
        }

        var jobs = new List<Job>(requests.Count);
        Transaction(() =>
        {
            HoldRun(run);
            var seq = _db.Query(
                "SELECT GREATEST(COALESCE(MAX(seq), 0), COALESCE((SELECT seq_base FROM queue_runs WHERE name = @run), 0)) FROM queue_jobs WHERE run = @run;",
                r => r.GetInt32(0),
                ("run", run))[0];
            foreach (var request in requests)
            {
                seq++;
                jobs.Add(new Job(run, Job.IdFor(seq, request.Role), seq, request.Role, request.Prompt, request.Agent, request.Writes,
                    JobState.Pending, 0, at, at, null, null, 0, null, null, null, null, null, null, [])
                { Base = _repo.Base, Pr = request.Pr });
            }

            if (jobs.Count > 0)
            {
                _db.ExecuteBatch(
                [
                    .. jobs.Select(job => (InsertJob, NewJobArgs(job))),
                    // The jobs are counted as one row, not one each (a trigger counts only their later moves).
                    ("INSERT INTO queue_count_changes (run, state, n) VALUES (@run, @state, @n);", [("run", run), ("state", JobState.Pending.Wire()), ("n", jobs.Count)]),
                ]);
            }

            // Statistics from before a large batch would have the planner sort the whole backlog for each claim, until
            // autovacuum came round: after one, the table is analysed at once.
            if (jobs.Count >= 1_000)
            {
                _db.Execute("ANALYZE queue_jobs;");
            }
        });
        return jobs;
    }

    /// <inheritdoc/>
    public IReadOnlyList<Job> Jobs(string run) => _db.Query($"SELECT {ReadColumns} FROM queue_jobs WHERE run = @run ORDER BY seq;", ReadJob, ("run", run));

    /// <inheritdoc/>
    /// <remarks>
    /// The horizon is the oldest transaction still open as the look begins (all before it have ended): a row it or a later
    /// one writes is at or past the horizon, seen by this look or the next, which asks from there.
    /// </remarks>
    public JobChanges JobsChanged(string run, long? from)
    {
        var horizon = _db.Query("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint;", r => r.GetInt64(0))[0];
        var jobs = from is { } since
            ? _db.Query($"SELECT {ReadColumns}, writer::text::bigint FROM queue_jobs WHERE run = @run AND writer >= @from::text::xid8 ORDER BY seq;", ReadChanged, ("run", run), ("from", since.ToString(CultureInfo.InvariantCulture)))
            : _db.Query($"SELECT {ReadColumns}, writer::text::bigint FROM queue_jobs WHERE run = @run ORDER BY seq;", ReadChanged, ("run", run));
        return new JobChanges(horizon, jobs);
    }

    /// <inheritdoc/>
    public void WriteJobs(System.Text.Json.Utf8JsonWriter writer, string run) => QueueJson.WriteJobs(writer, Jobs(run));

    /// <inheritdoc/>
    /// <remarks>A repeatable-read transaction: every statement in it sees the database as the first one did.</remarks>
    public void Snapshot(Action read) => _db.Transaction(read, IsolationLevel.RepeatableRead);

    /// <inheritdoc/>
    public Job? FindJob(string run, string id) =>
        _db.Query($"SELECT {ReadColumns} FROM queue_jobs WHERE run = @run AND id = @id;", ReadJob, ("run", run), ("id", id)).FirstOrDefault();

    /// <inheritdoc/>
    public IReadOnlyList<Job> JobsIn(string run, JobState state) =>
        _db.Query($"SELECT {ReadColumns} FROM queue_jobs WHERE run = @run AND state = @state ORDER BY seq;", ReadJob, ("run", run), ("state", state.Wire()));

    /// <inheritdoc/>
    public IReadOnlyList<Job> WorkedSince(string run, DateTimeOffset since) => _db.Query(
        $"SELECT {ReadColumns} FROM queue_jobs WHERE run = @run AND (ended >= @since OR started >= @since) ORDER BY seq;",
        ReadJob,
        ("run", run),
        ("since", since));

    /// <inheritdoc/>
    /// <remarks>Locked rows are skipped: another runner is releasing them now.</remarks>
    public IReadOnlyList<Job> ExpiredLeases(string run, DateTimeOffset now) => _db.Query(
        $"SELECT {ReadColumns} FROM queue_jobs WHERE run = @run AND state = 'running' AND lease_expires <= @now ORDER BY seq FOR UPDATE SKIP LOCKED;",
        ReadJob,
        ("run", run),
        ("now", now));

    /// <inheritdoc/>
    /// <remarks>
    /// Writing jobs need not wait for each other here: each starts its own branch from its base, so any runner may take
    /// any of its repository's jobs, in order of enqueueing, skipping the ones other runners are claiming.
    /// </remarks>
    public Job? NextDue(string run, DateTimeOffset now, RunnerAgents? agents) => _db.Query(
        $"""
        SELECT {ReadColumns} FROM queue_jobs
        WHERE run = @run AND repo = @repo AND state = 'pending' AND not_before <= @now AND {OfAgents}
        ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED;
        """,
        ReadJob,
        ("run", run),
        ("repo", _repo.Identity),
        ("now", now),
        ("agents", agents?.Wire)).FirstOrDefault();

    /// <inheritdoc/>
    public DateTimeOffset? FirstPendingDue(string run, RunnerAgents? agents) => _db.Query(
        $"SELECT MIN(not_before) FROM queue_jobs WHERE run = @run AND repo = @repo AND state = 'pending' AND {OfAgents};",
        r => Time(r, 0),
        ("run", run),
        ("repo", _repo.Identity),
        ("agents", agents?.Wire))[0];

    /// <inheritdoc/>
    public IReadOnlyList<string> PendingAgents(string run) => _db.Query(
        "SELECT DISTINCT agent FROM queue_jobs WHERE run = @run AND state = 'pending' AND agent IS NOT NULL ORDER BY agent;",
        r => r.GetString(0),
        ("run", run));

    // A job that names no agent runs with the runner's configured one; @agents null (no runner's list) takes every job.
    private const string OfAgents = "(@agents::text IS NULL OR agent IS NULL OR agent = ANY (string_to_array(@agents::text, ',')))";

    /// <inheritdoc/>
    /// <remarks>
    /// The sum of the rows each change added; once there are more than <see cref="FoldAt"/>, those no other transaction
    /// holds are folded into one per state, so the sum stays short to read and no claim ever waits for another's.
    /// </remarks>
    public IReadOnlyDictionary<JobState, int> Counts(string run)
    {
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0);
        var rows = 0;
        foreach (var (state, n, added) in _db.Query(
            "SELECT state, SUM(n)::integer, COUNT(*)::integer FROM queue_count_changes WHERE run = @run GROUP BY state;",
            r => (r.GetString(0), r.GetInt32(1), r.GetInt32(2)),
            ("run", run)))
        {
            counts[JobStates.Parse(state)] = n;
            rows += added;
        }

        if (rows > FoldAt)
        {
            _db.Execute(
                """
                WITH folded AS (
                    DELETE FROM queue_count_changes
                    WHERE ctid IN (SELECT ctid FROM queue_count_changes WHERE run = @run FOR UPDATE SKIP LOCKED)
                    RETURNING state, n)
                INSERT INTO queue_count_changes (run, state, n) SELECT @run, state, SUM(n) FROM folded GROUP BY state HAVING SUM(n) <> 0;
                """,
                ("run", run));
        }

        return counts;
    }

    private const int FoldAt = 100;

    /// <inheritdoc/>
    public bool UpdateJobIf(Job job, long generation)
    {
        ArgumentNullException.ThrowIfNull(job);
        return _db.Execute(
            $"UPDATE queue_jobs SET {JobAssignments} WHERE run = @run AND id = @id AND generation = @expected AND state = 'running';",
            [.. JobArgs(job), ("expected", generation)]) == 1;
    }

    /// <inheritdoc/>
    public void UpdateJob(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        _db.Execute($"UPDATE queue_jobs SET {JobAssignments} WHERE run = @run AND id = @id;", JobArgs(job));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A job listed here by a transaction still taking the list waits for it (the key is the same row), so the folder's last
    /// write of a job is always of its newest version.
    /// </remarks>
    public void Unmirrored(string run, string folder, IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        // One statement for any number of jobs, their ids joined by a character no file name holds.
        _db.Execute(
            "INSERT INTO queue_unmirrored (run, folder, job) SELECT @run, @folder, unnest(string_to_array(@jobs, '/')) ON CONFLICT DO NOTHING;",
            ("run", run), ("folder", folder), ("jobs", string.Join('/', ids)));
    }

    /// <inheritdoc/>
    /// <remarks>Sorted here, so the server looks up the listed jobs rather than walk the run's jobs in seq order.</remarks>
    public IReadOnlyList<Job> TakeUnmirrored(string run, string folder) =>
    [
        .. _db.Query(
            $"WITH taken AS (DELETE FROM queue_unmirrored WHERE run = @run AND folder = @folder RETURNING job) SELECT {ReadColumns} FROM queue_jobs WHERE run = @run AND id IN (SELECT job FROM taken);",
            ReadJob, ("run", run), ("folder", folder)).OrderBy(j => j.Seq),
    ];

    /// <inheritdoc/>
    public string? DropTaken(string run, string name, string identity) => _db.Query(
        "SELECT job FROM queue_drops WHERE run = @run AND name = @name AND identity = @identity;",
        r => r.GetString(0),
        ("run", run),
        ("name", name),
        ("identity", identity)).FirstOrDefault();

    /// <inheritdoc/>
    public void AddDrop(string run, string name, string identity, string job, DateTimeOffset at) => _db.Execute(
        """
        INSERT INTO queue_drops (run, name, identity, job, taken) VALUES (@run, @name, @identity, @job, @at)
        ON CONFLICT (run, name, identity) DO UPDATE SET job = @job, taken = @at;
        """,
        ("run", run),
        ("name", name),
        ("identity", identity),
        ("job", job),
        ("at", at));

    /// <inheritdoc/>
    public int Depth(string run, string job) =>
        _db.Query("SELECT depth FROM queue_follow_ups WHERE run = @run AND job = @job;", r => r.GetInt32(0), ("run", run), ("job", job)).FirstOrDefault();

    /// <inheritdoc/>
    public decimal Spent(string run) =>
        _db.Query("SELECT COALESCE(SUM(cost_usd), 0) FROM queue_jobs WHERE run = @run;", r => r.GetDecimal(0), ("run", run)).FirstOrDefault();

    /// <inheritdoc/>
    public int FollowUpCount(string run) =>
        _db.Query("SELECT COUNT(*) FROM queue_follow_ups WHERE run = @run;", r => (int)r.GetInt64(0), ("run", run)).FirstOrDefault();

    /// <inheritdoc/>
    public void AddFollowUp(string run, string job, string parent, int depth) => _db.Execute(
        "INSERT INTO queue_follow_ups (run, job, parent, depth) VALUES (@run, @job, @parent, @depth);",
        ("run", run),
        ("job", job),
        ("parent", parent),
        ("depth", depth));

    public void Dispose() => _db.Dispose();

    private const string RunColumns = QueueRows.RunColumns;

    private static readonly string JobColumns = QueueRows.JobColumns;

    private static readonly string ReadColumns = JobColumns + ", base";

    private static readonly string InsertJob =
        $"INSERT INTO queue_jobs ({JobColumns}, repo, repo_label, repo_url, base) VALUES ({QueueRows.Params('@')}, @repo, @repo_label, @repo_url, @base);";

    private static readonly string JobAssignments = QueueRows.Assignments('@');

    // What a job row holds, after the data policy: summaries and reasons are text a person wrote or an agent said.
    private (string, object?)[] JobArgs(Job j)
    {
        var stored = j with
        {
            Reason = Withhold(j.State == JobState.Done ? "job.summary" : "job.reason", j.Reason),
            History = [.. j.History.Select(a => a with { Reason = Withhold("job.reason", a.Reason) })],
        };
        return [.. QueueRows.JobFields.Zip(QueueRows.JobValues, (field, value) => (field, value(stored)))];
    }

    // A new job's row names the repository it works on, which no later write changes.
    private (string, object?)[] NewJobArgs(Job j) =>
        [.. JobArgs(j), ("repo", _repo.Identity), ("repo_label", _repo.Label), ("repo_url", _repo.Url), ("base", _repo.Base)];

    /// <summary>The data policy writes follow: the queue's once it holds one, until then the checkout's own.</summary>
    internal DataPolicy Writing => _policy;

    // A marker read back and written again stays the same marker.
    internal string? Withhold(string field, string? text) =>
        DataPolicy.Withheld(text) ? text : _policy.Text(field, text);

    internal static DateTimeOffset? Time(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);

    private static QueueRun ReadQueueRun(NpgsqlDataReader r) => QueueRows.Run(r, Time);

    private static Job ReadJob(NpgsqlDataReader r) => QueueRows.Job(r, Time, Damaged) with { Base = r.GetString(QueueRows.JobFields.Length) };

    private static ChangedJob ReadChanged(NpgsqlDataReader r) => new(ReadJob(r), r.GetInt64(QueueRows.JobFields.Length + 1));

    private static QueueException Damaged(string _, JsonException e) =>
        new($"the shared queue holds a damaged job row ({e.Message}); ask whoever wrote it, or mark the job failed");
}
