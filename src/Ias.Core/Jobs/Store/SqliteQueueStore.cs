using System.Data.Common;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Jobs.Store;

/// <summary>The job queue's tables in one checkout's `.run/ias.db`: runs of the hybrid runner and their jobs, beside the engine's.</summary>
/// <remarks>One runner writes at a time (the run's lock), so writing jobs run in their order on the checkout's branch.</remarks>
public sealed class SqliteQueueStore(RunStore db) : IQueueStore
{
    /// <inheritdoc/>
    public bool Shared => false;

    /// <inheritdoc/>
    public Decisions.IDecisionStore Questions => new Decisions.DecisionStore(db);

    /// <inheritdoc/>
    /// <remarks>Writing jobs here work on the checkout's current branch, which has no base to check.</remarks>
    public string? BaseProblem => null;

    /// <inheritdoc/>
    /// <remarks>One checkout's own queue: its configuration's policy rules it.</remarks>
    public QueuePolicy? Policy => null;

    /// <inheritdoc/>
    public QueuePolicy? Adopt(Config.DataPolicy policy, string by, DateTimeOffset at) => null;

    /// <inheritdoc/>
    public void Transaction(Action action) => db.Transaction(action);

    /// <inheritdoc/>
    /// <remarks>A write transaction here begins IMMEDIATE, holding the file's write lock: claims take turns already.</remarks>
    public void HoldRun(string run)
    {
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The run's own row names its one runner: what that runner says is written there, so its heartbeats keep it from reading
    /// as lost; a runner the row no longer names (one taken over while it was frozen) writes nothing. Beside it, the agents
    /// that runner can start.
    /// </remarks>
    public void SaveRunner(string run, RunnerRow runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        EnsureQueueTables();
        db.Execute(
            "UPDATE queue_runs SET runner_status = $status, current_job = $job, updated = $updated WHERE name = $name AND runner_owner = $owner;",
            ("$name", run),
            ("$owner", runner.Owner),
            ("$status", runner.Status.Wire()),
            ("$job", runner.CurrentJob),
            ("$updated", IsoTime.ForDb(runner.Updated)));
        db.Execute("UPDATE queue_runs SET runner_agents = $agents WHERE name = $name;", ("$name", run), ("$agents", runner.Agents?.Wire));
    }

    /// <inheritdoc/>
    public IReadOnlyList<RunnerRow> Runners(string run)
    {
        if (FindQueueRun(run) is not { RunnerOwner: { } owner } r)
        {
            return [];
        }

        var agents = db.Query("SELECT runner_agents FROM queue_runs WHERE name = $name;", row => QueueRows.Text(row, 0), ("$name", run)).FirstOrDefault();
        return [new RunnerRow(owner, r.RunnerStatus, r.CurrentJob, r.Updated) { Agents = RunnerAgents.Parse(agents) }];
    }

    /// <summary>Registers a run; false when one of that name exists.</summary>
    public bool AddQueueRun(string name, DateTimeOffset at, int numberedAfter = 0)
    {
        EnsureQueueTables();
        var stamp = IsoTime.ForDb(at);
        return db.Execute(
            """
            INSERT INTO queue_runs (name, created, runner_status, stop_requested, updated, seq_base)
            VALUES ($name, $at, 'idle', 0, $at, $base) ON CONFLICT (name) DO NOTHING;
            """,
            ("$name", name),
            ("$at", stamp),
            ("$base", numberedAfter)) == 1;
    }

    public IReadOnlyList<QueueRun> QueueRuns()
    {
        EnsureQueueTables();
        return db.Query($"SELECT {RunColumns} FROM queue_runs ORDER BY created, name;", ReadQueueRun);
    }

    public QueueRun? FindQueueRun(string name)
    {
        EnsureQueueTables();
        return db.Query($"SELECT {RunColumns} FROM queue_runs WHERE name = $name;", ReadQueueRun, ("$name", name)).FirstOrDefault();
    }

    public void SaveQueueRun(QueueRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        EnsureQueueTables();
        db.Execute(
            """
            UPDATE queue_runs SET initialized = $init, runner_status = $status, runner_owner = $owner, current_job = $job,
                stop_requested = $stop, stops = $stops, parked_until = $parked, parked_reason = $why, updated = $updated
            WHERE name = $name;
            """,
            ("$name", run.Name),
            ("$init", Db(run.Initialized)),
            ("$status", run.RunnerStatus.Wire()),
            ("$owner", run.RunnerOwner),
            ("$job", run.CurrentJob),
            ("$stop", run.StopRequested),
            ("$stops", run.Stops),
            ("$parked", Db(run.ParkedUntil)),
            ("$why", run.ParkedReason),
            ("$updated", IsoTime.ForDb(run.Updated)));
    }

    /// <summary>
    /// Adds jobs with the run's next sequence numbers, in the order given, with one prepared INSERT; call inside
    /// <see cref="RunStore.Transaction(Action)"/> so two enqueuers never share a number.
    /// </summary>
    public IReadOnlyList<Job> AddJobs(string run, IReadOnlyList<JobRequest> requests, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(requests);
        EnsureQueueTables();
        var jobs = new List<Job>(requests.Count);
        db.Transaction(() =>
        {
            var seq = (int)db.Query(
                "SELECT MAX(COALESCE(MAX(seq), 0), COALESCE((SELECT seq_base FROM queue_runs WHERE name = $run), 0)) FROM queue_jobs WHERE run = $run;",
                r => r.GetInt64(0),
                ("$run", run))[0];
            foreach (var request in requests)
            {
                seq++;
                jobs.Add(new Job(run, Job.IdFor(seq, request.Role), seq, request.Role, request.Prompt, request.Agent, request.Writes,
                    JobState.Pending, 0, at, at, null, null, 0, null, null, null, null, null, null, [])
                { Pr = request.Pr });
            }

            db.ExecuteEach(InsertJob, jobs, JobColumnsOf);
        });
        return jobs;
    }

    /// <summary>The run's jobs in the order they were enqueued.</summary>
    public IReadOnlyList<Job> Jobs(string run)
    {
        EnsureQueueTables();
        return db.Query($"SELECT {JobColumns} FROM queue_jobs WHERE run = $run ORDER BY seq;", ReadJob, ("$run", run));
    }

    /// <inheritdoc/>
    /// <remarks>Straight from the statement's rows (<see cref="SqliteJobJson"/>): no <see cref="Job"/> and no string is made.</remarks>
    public void WriteJobs(System.Text.Json.Utf8JsonWriter writer, string run)
    {
        EnsureQueueTables();
        db.EachRow($"SELECT {JobColumns} FROM queue_jobs WHERE run = ?1 ORDER BY seq;", run, row =>
        {
            SqliteJobJson.Write(writer, row, db.Corrupt);
            QueueJson.Written(writer);
        });
    }

    /// <inheritdoc/>
    public void Snapshot(Action read) => db.Snapshot(read);

    public Job? FindJob(string run, string id)
    {
        EnsureQueueTables();
        return db.Query($"SELECT {JobColumns} FROM queue_jobs WHERE run = $run AND id = $id;", ReadJob, ("$run", run), ("$id", id)).FirstOrDefault();
    }

    /// <summary>The run's jobs in one state, in the order they were enqueued (an index range, not the whole queue).</summary>
    public IReadOnlyList<Job> JobsIn(string run, JobState state)
    {
        EnsureQueueTables();
        return db.Query($"SELECT {JobColumns} FROM queue_jobs WHERE run = $run AND state = $state ORDER BY seq;", ReadJob, ("$run", run), ("$state", state.Wire()));
    }

    /// <inheritdoc/>
    public IReadOnlyList<Job> WorkedSince(string run, DateTimeOffset since)
    {
        EnsureQueueTables();
        return db.Query(
            $"SELECT {JobColumns} FROM queue_jobs WHERE run = $run AND (ended >= $since OR started >= $since) ORDER BY seq;",
            ReadJob,
            ("$run", run),
            ("$since", IsoTime.ForDb(since)));
    }

    /// <summary>Running jobs whose lease ran out at or before <paramref name="now"/>.</summary>
    public IReadOnlyList<Job> ExpiredLeases(string run, DateTimeOffset now)
    {
        EnsureQueueTables();
        return db.Query(
            $"SELECT {JobColumns} FROM queue_jobs WHERE run = $run AND state = 'running' AND lease_expires <= $now ORDER BY seq;",
            ReadJob,
            ("$run", run),
            ("$now", IsoTime.ForDb(now)));
    }

    /// <summary>The first due pending job a claim may take, by the index: a read-only one, or the first writing job if it is pending.</summary>
    /// <remarks>Writing jobs run only in their order (see <see cref="JobQueue"/>): a blocked one holds back the writers after it.</remarks>
    public Job? NextDue(string run, DateTimeOffset now, RunnerAgents? agents)
    {
        EnsureQueueTables();
        // One MIN per state, each a seek in the writers' index: a MIN over both states at once would read every pending writer.
        return db.Query(
            $"""
            SELECT {JobColumns} FROM queue_jobs
            WHERE run = $run AND state = 'pending' AND not_before <= $now
              AND (writes = 0 OR seq = (SELECT MIN(first) FROM (
                  SELECT MIN(seq) AS first FROM queue_jobs WHERE run = $run AND state = 'pending' AND writes = 1
                  UNION ALL SELECT MIN(seq) FROM queue_jobs WHERE run = $run AND state = 'blocked' AND writes = 1)))
              AND {OfAgents}
            ORDER BY seq LIMIT 1;
            """,
            ReadJob,
            ("$run", run),
            ("$now", IsoTime.ForDb(now)),
            ("$agents", agents?.Wire)).FirstOrDefault();
    }

    /// <summary>When the earliest pending job is due; null when none is pending.</summary>
    public DateTimeOffset? FirstPendingDue(string run, RunnerAgents? agents)
    {
        EnsureQueueTables();
        return db.Query(
            $"SELECT MIN(not_before) FROM queue_jobs WHERE run = $run AND state = 'pending' AND {OfAgents};",
            r => r.IsDBNull(0) ? (DateTimeOffset?)null : IsoTime.ParseDb(r.GetString(0)),
            ("$run", run),
            ("$agents", agents?.Wire))[0];
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> PendingAgents(string run)
    {
        EnsureQueueTables();
        return db.Query(
            "SELECT DISTINCT agent FROM queue_jobs WHERE run = $run AND state = 'pending' AND agent IS NOT NULL ORDER BY agent;",
            r => r.GetString(0),
            ("$run", run));
    }

    // A job that names no agent runs with the runner's configured one; $agents null (no runner's list) takes every job.
    private const string OfAgents = "($agents IS NULL OR agent IS NULL OR instr(',' || $agents || ',', ',' || agent || ',') > 0)";

    /// <summary>How many of the run's jobs are in each state: kept by triggers as rows change, so reading them costs nothing at any size.</summary>
    public IReadOnlyDictionary<JobState, int> Counts(string run)
    {
        EnsureQueueTables();
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0);
        foreach (var (state, n) in db.Query("SELECT state, n FROM queue_counts WHERE run = $run;", r => (r.GetString(0), r.GetInt32(1)), ("$run", run)))
        {
            counts[JobStates.Parse(state)] = n;
        }

        return counts;
    }

    /// <summary>
    /// Writes <paramref name="job"/> over its row only if the row is still running under <paramref name="generation"/>:
    /// a runner whose lease was taken by a later claim can never finish the job, so a job has one result even when two runners touched it.
    /// </summary>
    public bool UpdateJobIf(Job job, long generation)
    {
        ArgumentNullException.ThrowIfNull(job);
        EnsureQueueTables();
        return db.Execute(
            UpdateJobIfHeld,
            [.. JobArgs(job), ("$expected", generation)]) == 1;
    }

    /// <summary>Writes <paramref name="job"/> over its row unconditionally (claims and recovery, inside a transaction).</summary>
    public void UpdateJob(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        EnsureQueueTables();
        db.Execute(UpdateJobSql, JobArgs(job));
    }

    /// <inheritdoc/>
    public void Unmirrored(string run, string folder, IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        EnsureQueueTables();
        foreach (var id in ids)
        {
            db.Execute("INSERT OR IGNORE INTO queue_unmirrored (run, folder, job) VALUES ($run, $folder, $job);", ("$run", run), ("$folder", folder), ("$job", id));
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<Job> TakeUnmirrored(string run, string folder)
    {
        EnsureQueueTables();
        // Sorted here: ORDER BY seq would have SQLite walk every job of the run in seq order rather than look up the listed ones.
        var jobs = db.Query(
            $"SELECT {JobColumns} FROM queue_jobs WHERE run = $run AND id IN (SELECT job FROM queue_unmirrored WHERE run = $run AND folder = $folder);",
            ReadJob, ("$run", run), ("$folder", folder));
        db.Execute("DELETE FROM queue_unmirrored WHERE run = $run AND folder = $folder;", ("$run", run), ("$folder", folder));
        return [.. jobs.OrderBy(j => j.Seq)];
    }

    /// <summary>
    /// The job a dropped file of this name and identity (its content's hash and its time) became, if it was taken already
    /// (its runner stopped before removing it).
    /// </summary>
    public string? DropTaken(string run, string name, string identity)
    {
        EnsureQueueTables();
        return db.Query("SELECT job FROM queue_drops WHERE run = $run AND name = $name AND identity = $identity;", r => r.GetString(0),
            ("$run", run), ("$name", name), ("$identity", identity)).FirstOrDefault();
    }

    /// <summary>Records that a dropped file became <paramref name="job"/>, in the transaction that enqueues it.</summary>
    public void AddDrop(string run, string name, string identity, string job, DateTimeOffset at)
    {
        EnsureQueueTables();
        db.Execute("INSERT OR REPLACE INTO queue_drops (run, name, identity, job, taken) VALUES ($run, $name, $identity, $job, $at);",
            ("$run", run), ("$name", name), ("$identity", identity), ("$job", job), ("$at", IsoTime.ForDb(at)));
    }

    /// <summary>How deep <paramref name="job"/> is in a chain of follow-ups: 0 for a job someone enqueued.</summary>
    public int Depth(string run, string job)
    {
        EnsureQueueTables();
        return db.Query("SELECT depth FROM queue_follow_ups WHERE run = $run AND job = $job;", r => r.GetInt32(0), ("$run", run), ("$job", job)).FirstOrDefault();
    }

    /// <summary>What the run's jobs cost so far, every attempt of each, as their CLIs reported it.</summary>
    public decimal Spent(string run)
    {
        EnsureQueueTables();
        return db.Query("SELECT cost_usd FROM queue_jobs WHERE run = $run AND cost_usd IS NOT NULL;",
                r => decimal.Parse(r.GetString(0), System.Globalization.NumberStyles.Number | System.Globalization.NumberStyles.AllowExponent, System.Globalization.CultureInfo.InvariantCulture),
                ("$run", run))
            .Sum();
    }

    /// <summary>How many follow-up jobs agents have queued in the run so far.</summary>
    public int FollowUpCount(string run)
    {
        EnsureQueueTables();
        return db.Query("SELECT COUNT(*) FROM queue_follow_ups WHERE run = $run;", r => (int)r.GetInt64(0), ("$run", run)).FirstOrDefault();
    }

    /// <summary>Records that <paramref name="job"/> follows <paramref name="parent"/>, <paramref name="depth"/> deep.</summary>
    public void AddFollowUp(string run, string job, string parent, int depth)
    {
        EnsureQueueTables();
        db.Execute("INSERT INTO queue_follow_ups (run, job, parent, depth) VALUES ($run, $job, $parent, $depth);",
            ("$run", run), ("$job", job), ("$parent", parent), ("$depth", depth));
    }

    private const string RunColumns = QueueRows.RunColumns;

    private const string JobColumns = QueueRows.JobColumns;

    private static readonly string InsertJob = $"INSERT INTO queue_jobs ({JobColumns}) VALUES ({QueueRows.Params('$')});";

    private static readonly string SetJob = $"UPDATE queue_jobs SET {QueueRows.Assignments('$')} WHERE run = $run AND id = $id";

    private static readonly string UpdateJobSql = SetJob + ";";

    private static readonly string UpdateJobIfHeld = SetJob + " AND generation = $expected AND state = 'running';";

    // Each column's parameter and how it is read off a job: one list for single statements and prepared batches alike.
    private static readonly (string Name, Func<Job, object?> Value)[] JobColumnsOf =
        [.. QueueRows.JobFields.Zip(QueueRows.JobValues, (field, value) => ("$" + field, (Func<Job, object?>)(j => value(j) is DateTimeOffset t ? IsoTime.ForDb(t) : value(j))))];

    private static (string, object?)[] JobArgs(Job j) => [.. JobColumnsOf.Select(c => (c.Name, c.Value(j)))];

    private static string? Db(DateTimeOffset? t) => t is { } v ? IsoTime.ForDb(v) : null;

    private static DateTimeOffset? Time(DbDataReader r, int i) => r.IsDBNull(i) ? null : IsoTime.ParseDb(r.GetString(i));

    private static QueueRun ReadQueueRun(SqliteDataReader r) => QueueRows.Run(r, Time);

    private Job ReadJob(SqliteDataReader r) => QueueRows.Job(r, Time, db.Corrupt);

    private void EnsureQueueTables() => SqliteQueueSchema.Ensure(db);
}
