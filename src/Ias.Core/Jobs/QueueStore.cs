using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ias.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Jobs;

/// <summary>The job queue's tables: runs of the hybrid runner and their jobs, in the same `.run/ias.db`.</summary>
public sealed class QueueStore(RunStore db)
{
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
                stop_requested = $stop, parked_until = $parked, parked_reason = $why, updated = $updated
            WHERE name = $name;
            """,
            ("$name", run.Name),
            ("$init", Db(run.Initialized)),
            ("$status", run.RunnerStatus),
            ("$owner", run.RunnerOwner),
            ("$job", run.CurrentJob),
            ("$stop", run.StopRequested),
            ("$parked", Db(run.ParkedUntil)),
            ("$why", run.ParkedReason),
            ("$updated", IsoTime.ForDb(run.Updated)));
    }

    /// <summary>Adds a job with the run's next sequence number; call inside <see cref="RunStore.Transaction"/> so two enqueuers never share a number.</summary>
    public Job AddJob(string run, string role, string prompt, string? agent, bool writes, DateTimeOffset at)
    {
        EnsureQueueTables();
        Job? job = null;
        db.Transaction(() =>
        {
            var seq = (int)db.Query("SELECT COALESCE(MAX(seq), 0) + 1 FROM queue_jobs WHERE run = $run;", r => r.GetInt64(0), ("$run", run))[0];
            job = new Job(run, Job.IdFor(seq, role), seq, role, prompt, agent, writes, JobState.Pending, 0, at, at,
                null, null, 0, null, null, null, null, null, null, []);
            db.Execute(
                $"INSERT INTO queue_jobs ({JobColumns}) VALUES ({JobParams});",
                JobArgs(job));
        });
        return job!;
    }

    /// <summary>The run's jobs in the order they were enqueued.</summary>
    public IReadOnlyList<Job> Jobs(string run)
    {
        EnsureQueueTables();
        return db.Query($"SELECT {JobColumns} FROM queue_jobs WHERE run = $run ORDER BY seq;", ReadJob, ("$run", run));
    }

    public Job? FindJob(string run, string id)
    {
        EnsureQueueTables();
        return db.Query($"SELECT {JobColumns} FROM queue_jobs WHERE run = $run AND id = $id;", ReadJob, ("$run", run), ("$id", id)).FirstOrDefault();
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
            $"UPDATE queue_jobs SET {JobAssignments} WHERE run = $run AND id = $id AND generation = $expected AND state = 'running';",
            [.. JobArgs(job), ("$expected", generation)]) == 1;
    }

    /// <summary>Writes <paramref name="job"/> over its row unconditionally (claims and recovery, inside a transaction).</summary>
    public void UpdateJob(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        EnsureQueueTables();
        db.Execute($"UPDATE queue_jobs SET {JobAssignments} WHERE run = $run AND id = $id;", JobArgs(job));
    }

    // Created on first use with IF NOT EXISTS, beside the run tables, so a database of any schema version gains them without a migration.
    private void EnsureQueueTables() => db.Ensure(QueueSchema);

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
            PRIMARY KEY (run, id)
        );
        CREATE INDEX IF NOT EXISTS queue_jobs_by_state ON queue_jobs (run, state, seq);
        CREATE INDEX IF NOT EXISTS queue_jobs_by_seq ON queue_jobs (run, seq);

        """;

    private const string RunColumns =
        "name, created, initialized, runner_status, runner_owner, current_job, stop_requested, parked_until, parked_reason, updated";

    private static readonly string[] JobFields =
    [
        "run", "id", "seq", "role", "prompt", "agent", "writes", "state", "attempts", "not_before", "created", "started", "ended",
        "generation", "lease_owner", "lease_expires", "heartbeat", "reason", "failure", "evidence", "history",
    ];

    private static readonly string JobColumns = string.Join(", ", JobFields);

    private static readonly string JobParams = string.Join(", ", JobFields.Select(f => "$" + f));

    private static readonly string JobAssignments = string.Join(", ", JobFields.Skip(2).Select(f => $"{f} = ${f}"));

    private static (string, object?)[] JobArgs(Job j) =>
    [
        ("$run", j.Run), ("$id", j.Id), ("$seq", j.Seq), ("$role", j.Role), ("$prompt", j.Prompt), ("$agent", j.Agent),
        ("$writes", j.Writes), ("$state", j.State.ToString().ToLowerInvariant()), ("$attempts", j.Attempts),
        ("$not_before", IsoTime.ForDb(j.NotBefore)), ("$created", IsoTime.ForDb(j.Created)), ("$started", Db(j.Started)),
        ("$ended", Db(j.Ended)), ("$generation", j.Generation), ("$lease_owner", j.LeaseOwner), ("$lease_expires", Db(j.LeaseExpires)),
        ("$heartbeat", Db(j.Heartbeat)), ("$reason", j.Reason), ("$failure", j.Failure),
        ("$evidence", j.Evidence is null ? null : JsonSerializer.Serialize(j.Evidence, QueueColumnJson.Default.JobEvidence)),
        ("$history", JsonSerializer.Serialize(j.History, QueueColumnJson.Default.IReadOnlyListJobAttempt)),
    ];

    private static string? Db(DateTimeOffset? t) => t is { } v ? IsoTime.ForDb(v) : null;

    private static DateTimeOffset? Time(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : IsoTime.ParseDb(r.GetString(i));

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static QueueRun ReadQueueRun(SqliteDataReader r) => new(
        Name: r.GetString(0),
        Created: IsoTime.ParseDb(r.GetString(1)),
        Initialized: Time(r, 2),
        RunnerStatus: r.GetString(3),
        RunnerOwner: Text(r, 4),
        CurrentJob: Text(r, 5),
        StopRequested: r.GetBoolean(6),
        ParkedUntil: Time(r, 7),
        ParkedReason: Text(r, 8),
        Updated: IsoTime.ParseDb(r.GetString(9)));

    private Job ReadJob(SqliteDataReader r) => new(
        Run: r.GetString(0),
        Id: r.GetString(1),
        Seq: r.GetInt32(2),
        Role: r.GetString(3),
        Prompt: r.GetString(4),
        Agent: Text(r, 5),
        Writes: r.GetBoolean(6),
        State: Enum.Parse<JobState>(r.GetString(7), ignoreCase: true),
        Attempts: r.GetInt32(8),
        NotBefore: IsoTime.ParseDb(r.GetString(9)),
        Created: IsoTime.ParseDb(r.GetString(10)),
        Started: Time(r, 11),
        Ended: Time(r, 12),
        Generation: r.GetInt64(13),
        LeaseOwner: Text(r, 14),
        LeaseExpires: Time(r, 15),
        Heartbeat: Time(r, 16),
        Reason: Text(r, 17),
        Failure: Text(r, 18),
        Evidence: Text(r, 19) is { } e ? Deserialize(e, QueueColumnJson.Default.JobEvidence, "queue_jobs.evidence") : null,
        History: Deserialize(r.GetString(20), QueueColumnJson.Default.IReadOnlyListJobAttempt, "queue_jobs.history"));

    private T Deserialize<T>(string json, JsonTypeInfo<T> shape, string where)
    {
        try
        {
            return JsonSerializer.Deserialize(json, shape) ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw db.Corrupt(where, ex);
        }
    }
}
