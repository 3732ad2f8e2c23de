using System.Data.Common;
using Ias.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Jobs;

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
    public void SaveRunner(string run, QueueRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        EnsureQueueTables();
        db.Execute(
            "UPDATE queue_runs SET runner_status = $status, current_job = $job, updated = $updated WHERE name = $name AND runner_owner = $owner;",
            ("$name", run),
            ("$owner", runner.Owner),
            ("$status", runner.Status),
            ("$job", runner.CurrentJob),
            ("$updated", IsoTime.ForDb(runner.Updated)));
        db.Execute("UPDATE queue_runs SET runner_agents = $agents WHERE name = $name;", ("$name", run), ("$agents", runner.Agents?.Wire));
    }

    /// <inheritdoc/>
    public IReadOnlyList<QueueRunner> Runners(string run)
    {
        if (FindQueueRun(run) is not { RunnerOwner: { } owner } r)
        {
            return [];
        }

        var agents = db.Query("SELECT runner_agents FROM queue_runs WHERE name = $name;", row => QueueRows.Text(row, 0), ("$name", run)).FirstOrDefault();
        return [new QueueRunner(owner, r.RunnerStatus, r.CurrentJob, r.Updated) { Agents = RunnerAgents.Parse(agents) }];
    }

    /// <summary>Registers a run; false when one of that name exists.</summary>
    public bool AddQueueRun(string name, DateTimeOffset at)
    {
        EnsureQueueTables();
        var stamp = IsoTime.ForDb(at);
        return db.Execute(
            """
            INSERT INTO queue_runs (name, created, runner_status, stop_requested, updated)
            VALUES ($name, $at, 'idle', 0, $at) ON CONFLICT (name) DO NOTHING;
            """,
            ("$name", name),
            ("$at", stamp)) == 1;
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
            ("$status", run.RunnerStatus),
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
            var seq = (int)db.Query("SELECT COALESCE(MAX(seq), 0) FROM queue_jobs WHERE run = $run;", r => r.GetInt64(0), ("$run", run))[0];
            foreach (var request in requests)
            {
                seq++;
                jobs.Add(new Job(run, Job.IdFor(seq, request.Role), seq, request.Role, request.Prompt, request.Agent, request.Writes,
                    JobState.Pending, 0, at, at, null, null, 0, null, null, null, null, null, null, []));
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

    /// <summary>
    /// The first due pending job a claim may take, by the index: a read-only one, or, when <paramref name="mayWrite"/>, the
    /// first writing job that is pending or blocked, if it is pending (writing jobs run only in their order, see <see cref="JobQueue"/>).
    /// </summary>
    public Job? NextDue(string run, DateTimeOffset now, bool mayWrite, RunnerAgents? agents)
    {
        EnsureQueueTables();
        // One MIN per state, each a seek in the writers' index: a MIN over both states at once would read every pending writer.
        return db.Query(
            $"""
            SELECT {JobColumns} FROM queue_jobs
            WHERE run = $run AND state = 'pending' AND not_before <= $now
              AND (writes = 0 OR ($may_write AND seq = (SELECT MIN(first) FROM (
                  SELECT MIN(seq) AS first FROM queue_jobs WHERE run = $run AND state = 'pending' AND writes = 1
                  UNION ALL SELECT MIN(seq) FROM queue_jobs WHERE run = $run AND state = 'blocked' AND writes = 1))))
              AND {OfAgents}
            ORDER BY seq LIMIT 1;
            """,
            ReadJob,
            ("$run", run),
            ("$now", IsoTime.ForDb(now)),
            ("$may_write", mayWrite),
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

    // Created on first use with IF NOT EXISTS, beside the run tables, so a database of any schema version gains them without a migration.
    // The counts' triggers are made in one write transaction with a count of the rows already there, so a database from
    // before them starts right and no other writer's row slips between the count and the first trigger.
    private void EnsureQueueTables()
    {
        db.Ensure(QueueSchema);
        // A queue made before jobs counted their tokens gets the columns, each job starting at none.
        db.EnsureOnce(UsageColumns, () =>
        {
            if (db.Query("SELECT COUNT(*) FROM pragma_table_info('queue_jobs') WHERE name = 'tokens_in';", r => r.GetInt64(0))[0] == 0)
            {
                db.Execute(UsageColumns);
            }
        });
        // A queue made before runners recorded their agents gets the column, each runner starting with none recorded.
        db.EnsureOnce(RunnerAgentsColumn, () =>
        {
            if (db.Query("SELECT COUNT(*) FROM pragma_table_info('queue_runs') WHERE name = 'runner_agents';", r => r.GetInt64(0))[0] == 0)
            {
                db.Execute(RunnerAgentsColumn);
            }
        });
        // A queue made before runs counted their stops gets the column, each run counting from none.
        db.EnsureOnce(StopsColumn, () =>
        {
            if (db.Query("SELECT COUNT(*) FROM pragma_table_info('queue_runs') WHERE name = 'stops';", r => r.GetInt64(0))[0] == 0)
            {
                db.Execute(StopsColumn);
            }
        });
        db.EnsureOnce(CountTriggers, () => db.Transaction(() =>
        {
            if (db.Query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'queue_jobs_count_insert';", r => r.GetInt64(0))[0] == 0)
            {
                db.Execute(CountTriggers);
                db.Execute("DELETE FROM queue_counts; INSERT INTO queue_counts (run, state, n) SELECT run, state, COUNT(*) FROM queue_jobs GROUP BY run, state;");
            }
        }));
    }

    private const string QueueSchema = """
        CREATE TABLE IF NOT EXISTS queue_runs (
            name           TEXT PRIMARY KEY,
            created        TEXT NOT NULL,
            initialized    TEXT,
            runner_status  TEXT NOT NULL,
            runner_owner   TEXT,
            current_job    TEXT,
            stop_requested INTEGER NOT NULL,
            parked_until   TEXT,
            parked_reason  TEXT,
            updated        TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS queue_jobs (
            run           TEXT NOT NULL,
            id            TEXT NOT NULL,
            seq           INTEGER NOT NULL,
            role          TEXT NOT NULL,
            prompt        TEXT NOT NULL,
            agent         TEXT,
            writes        INTEGER NOT NULL,
            state         TEXT NOT NULL,
            attempts      INTEGER NOT NULL,
            not_before    TEXT NOT NULL,
            created       TEXT NOT NULL,
            started       TEXT,
            ended         TEXT,
            generation    INTEGER NOT NULL,
            lease_owner   TEXT,
            lease_expires TEXT,
            heartbeat     TEXT,
            reason        TEXT,
            failure       TEXT,
            evidence      TEXT,
            history       TEXT NOT NULL,
            tokens_in     INTEGER NOT NULL DEFAULT 0,
            tokens_out    INTEGER NOT NULL DEFAULT 0,
            cost_usd      TEXT,
            PRIMARY KEY (run, id)
        );
        CREATE INDEX IF NOT EXISTS queue_jobs_by_state ON queue_jobs (run, state, seq);
        CREATE INDEX IF NOT EXISTS queue_jobs_by_seq ON queue_jobs (run, seq);
        CREATE INDEX IF NOT EXISTS queue_jobs_writers ON queue_jobs (run, state, writes, seq);
        CREATE INDEX IF NOT EXISTS queue_jobs_leases ON queue_jobs (run, state, lease_expires);
        CREATE INDEX IF NOT EXISTS queue_jobs_by_end ON queue_jobs (run, ended);
        CREATE INDEX IF NOT EXISTS queue_jobs_by_start ON queue_jobs (run, started);
        CREATE TABLE IF NOT EXISTS queue_drops (
            run    TEXT NOT NULL,
            name     TEXT NOT NULL,
            identity TEXT NOT NULL,
            job      TEXT NOT NULL,
            taken    TEXT NOT NULL,
            PRIMARY KEY (run, name, identity)
        );
        CREATE TABLE IF NOT EXISTS queue_follow_ups (
            run    TEXT NOT NULL,
            job    TEXT NOT NULL,
            parent TEXT NOT NULL,
            depth  INTEGER NOT NULL,
            PRIMARY KEY (run, job)
        );
        CREATE TABLE IF NOT EXISTS queue_counts (
            run   TEXT NOT NULL,
            state TEXT NOT NULL,
            n     INTEGER NOT NULL,
            PRIMARY KEY (run, state)
        );

        """;

    private const string UsageColumns = """
        ALTER TABLE queue_jobs ADD COLUMN tokens_in INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE queue_jobs ADD COLUMN tokens_out INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE queue_jobs ADD COLUMN cost_usd TEXT;
        """;

    private const string RunnerAgentsColumn = "ALTER TABLE queue_runs ADD COLUMN runner_agents TEXT;";

    private const string StopsColumn = "ALTER TABLE queue_runs ADD COLUMN stops INTEGER NOT NULL DEFAULT 0;";

    private const string CountTriggers = """
        CREATE TRIGGER queue_jobs_count_insert AFTER INSERT ON queue_jobs BEGIN
            INSERT INTO queue_counts (run, state, n) VALUES (NEW.run, NEW.state, 1) ON CONFLICT (run, state) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER queue_jobs_count_move AFTER UPDATE OF state ON queue_jobs WHEN OLD.state <> NEW.state BEGIN
            UPDATE queue_counts SET n = n - 1 WHERE run = OLD.run AND state = OLD.state;
            INSERT INTO queue_counts (run, state, n) VALUES (NEW.run, NEW.state, 1) ON CONFLICT (run, state) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER queue_jobs_count_delete AFTER DELETE ON queue_jobs BEGIN
            UPDATE queue_counts SET n = n - 1 WHERE run = OLD.run AND state = OLD.state;
        END;
        """;

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
}
