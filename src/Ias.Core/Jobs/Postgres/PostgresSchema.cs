using Ias.Core.Jobs.Records;
using Npgsql;

namespace Ias.Core.Jobs.Postgres;

/// <summary>
/// The shared queue's tables, as numbered migrations: a runner applies the ones its database lacks when it opens it, one
/// process at a time (an advisory lock), so a team upgrades ias box by box; a database newer than this ias is refused.
/// </summary>
internal static class PostgresSchema
{
    // Append only: a step, once released, is never edited; the next change is a new step.
    internal static readonly string[] Steps =
    [
        """
        CREATE TABLE queue_runs (
            name           text PRIMARY KEY,
            created        timestamptz NOT NULL,
            initialized    timestamptz,
            runner_status  text NOT NULL,
            runner_owner   text,
            current_job    text,
            stop_requested boolean NOT NULL,
            parked_until   timestamptz,
            parked_reason  text,
            updated        timestamptz NOT NULL
        );
        CREATE TABLE queue_jobs (
            run           text NOT NULL REFERENCES queue_runs (name),
            id            text NOT NULL,
            seq           integer NOT NULL,
            repo          text NOT NULL,
            repo_label    text,
            repo_url      text,
            base          text NOT NULL,
            role          text NOT NULL,
            prompt        text NOT NULL,
            agent         text,
            writes        boolean NOT NULL,
            state         text NOT NULL,
            attempts      integer NOT NULL,
            not_before    timestamptz NOT NULL,
            created       timestamptz NOT NULL,
            started       timestamptz,
            ended         timestamptz,
            generation    bigint NOT NULL,
            lease_owner   text,
            lease_expires timestamptz,
            heartbeat     timestamptz,
            reason        text,
            failure       text,
            evidence      text,
            history       text NOT NULL,
            PRIMARY KEY (run, id)
        );
        CREATE INDEX queue_jobs_due ON queue_jobs (run, repo, state, seq);
        CREATE INDEX queue_jobs_by_state ON queue_jobs (run, state, seq);
        CREATE INDEX queue_jobs_leases ON queue_jobs (run, state, lease_expires);
        CREATE TABLE queue_counts (
            run   text NOT NULL,
            state text NOT NULL,
            n     integer NOT NULL,
            PRIMARY KEY (run, state)
        );
        CREATE FUNCTION queue_jobs_count() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                UPDATE queue_counts SET n = n - 1 WHERE run = OLD.run AND state = OLD.state;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO queue_counts (run, state, n) VALUES (NEW.run, NEW.state, 1)
                ON CONFLICT (run, state) DO UPDATE SET n = queue_counts.n + 1;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER queue_jobs_count_insert AFTER INSERT OR DELETE ON queue_jobs FOR EACH ROW EXECUTE FUNCTION queue_jobs_count();
        CREATE TRIGGER queue_jobs_count_move AFTER UPDATE OF state ON queue_jobs FOR EACH ROW
            WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION queue_jobs_count();
        CREATE TABLE queue_drops (
            run      text NOT NULL,
            name     text NOT NULL,
            identity text NOT NULL,
            job      text NOT NULL,
            taken    timestamptz NOT NULL,
            PRIMARY KEY (run, name, identity)
        );
        CREATE TABLE queue_follow_ups (
            run    text NOT NULL,
            job    text NOT NULL,
            parent text NOT NULL,
            depth  integer NOT NULL,
            PRIMARY KEY (run, job)
        );
        CREATE TABLE queue_runners (
            run         text NOT NULL,
            owner       text NOT NULL,
            status      text NOT NULL,
            current_job text,
            updated     timestamptz NOT NULL,
            PRIMARY KEY (run, owner)
        );
        """,
        // A row per run and state, updated by every change, made every claim on a shared queue wait for the one before it
        // to commit, and a runner frozen half-way through a claim stopped the whole team's claims until the server cut it
        // off. Counts are now rows that are only ever added (a change adds -1 to its old state and 1 to its new one) and
        // summed when read, which never waits; the store folds them now and then, skipping rows another transaction holds.
        """
        CREATE TABLE queue_count_changes (
            run   text NOT NULL,
            state text NOT NULL,
            n     integer NOT NULL
        );
        CREATE INDEX queue_count_changes_by_run ON queue_count_changes (run);
        INSERT INTO queue_count_changes (run, state, n) SELECT run, state, n FROM queue_counts WHERE n <> 0;
        DROP TABLE queue_counts;
        CREATE OR REPLACE FUNCTION queue_jobs_count() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                INSERT INTO queue_count_changes (run, state, n) VALUES (OLD.run, OLD.state, -1);
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO queue_count_changes (run, state, n) VALUES (NEW.run, NEW.state, 1);
            END IF;
            RETURN NULL;
        END $$;
        """,
        // Each job's tokens and cost, written as its turn reports them.
        """
        ALTER TABLE queue_jobs ADD COLUMN IF NOT EXISTS tokens_in bigint NOT NULL DEFAULT 0;
        ALTER TABLE queue_jobs ADD COLUMN IF NOT EXISTS tokens_out bigint NOT NULL DEFAULT 0;
        ALTER TABLE queue_jobs ADD COLUMN IF NOT EXISTS cost_usd numeric;
        """,
        // An enqueue counts its jobs in one row (PostgresQueueStore.AddJobs) rather than a row for each: 100,000 rows would
        // be summed by every read until folded, and scanned as dead rows after that until the table was vacuumed.
        """
        CREATE OR REPLACE FUNCTION queue_jobs_count() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                INSERT INTO queue_count_changes (run, state, n) VALUES (OLD.run, OLD.state, -1);
            END IF;
            IF TG_OP = 'UPDATE' THEN
                INSERT INTO queue_count_changes (run, state, n) VALUES (NEW.run, NEW.state, 1);
            END IF;
            RETURN NULL;
        END $$;
        DROP TRIGGER IF EXISTS queue_jobs_count_insert ON queue_jobs;
        DROP TRIGGER IF EXISTS queue_jobs_count_delete ON queue_jobs;
        CREATE TRIGGER queue_jobs_count_delete AFTER DELETE ON queue_jobs FOR EACH ROW EXECUTE FUNCTION queue_jobs_count();
        """,
        // The questions a shared queue's agents asked, answered from any checkout sharing the queue (ids Q1, Q2…); host and
        // checkout name the runner that asked, the only one that can resume its agent's session. IF NOT EXISTS: a database
        // put back to an older version by dropping only that version's changes still has it.
        """
        CREATE TABLE IF NOT EXISTS queue_decisions (
            seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run        text NOT NULL,
            job        text NOT NULL,
            repo       text NOT NULL,
            host       text NOT NULL,
            checkout   text NOT NULL,
            phase      text NOT NULL,
            cycle      integer NOT NULL,
            role       text NOT NULL,
            session_id text,
            question   text NOT NULL,
            asked      timestamptz NOT NULL,
            answer     text,
            answered   timestamptz,
            delivered  timestamptz
        );
        CREATE INDEX IF NOT EXISTS queue_decisions_open ON queue_decisions (seq) WHERE answer IS NULL;
        CREATE INDEX IF NOT EXISTS queue_decisions_by_job ON queue_decisions (run, job, seq);
        CREATE INDEX IF NOT EXISTS queue_decisions_undelivered ON queue_decisions (run, seq) WHERE delivered IS NULL;
        """,
        // The agents each runner can start (its capabilities, comma-separated); null for a runner that recorded none.
        """
        ALTER TABLE queue_runners ADD COLUMN IF NOT EXISTS agents text;
        """,
        // The one data policy of the whole queue (at most one row), which every checkout writing to it follows.
        """
        CREATE TABLE IF NOT EXISTS queue_policy (
            one       boolean PRIMARY KEY DEFAULT true CHECK (one),
            mode      text NOT NULL,
            allowlist text NOT NULL,
            set_by    text NOT NULL,
            set_at    timestamptz NOT NULL
        );
        """,
        // Which transaction last wrote each job, so a dashboard reads only the rows written since its last look rather than
        // the whole queue each second (PostgresQueueStore.JobsChanged). xid8: PostgreSQL 13 or newer.
        """
        ALTER TABLE queue_jobs ADD COLUMN IF NOT EXISTS writer xid8 NOT NULL DEFAULT pg_current_xact_id();
        CREATE OR REPLACE FUNCTION queue_jobs_writer() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.writer := pg_current_xact_id();
            RETURN NEW;
        END $$;
        DROP TRIGGER IF EXISTS queue_jobs_writer ON queue_jobs;
        CREATE TRIGGER queue_jobs_writer BEFORE UPDATE ON queue_jobs FOR EACH ROW EXECUTE FUNCTION queue_jobs_writer();
        CREATE INDEX IF NOT EXISTS queue_jobs_by_writer ON queue_jobs (run, writer);
        """,
        // A stop is asked of the runners at work when it is asked: the run counts its stops, and each runner keeps the count
        // it started at and obeys only the stops after it, so a runner starting later no longer clears the team's stop.
        """
        ALTER TABLE queue_runs ADD COLUMN IF NOT EXISTS stops bigint NOT NULL DEFAULT 0;
        ALTER TABLE queue_runners ADD COLUMN IF NOT EXISTS stops_at_start bigint;
        """,
        // The jobs whose files a checkout's runner folder has not caught up with yet (QueueChanges): listed in the change's
        // own transaction, so a process that dies before its folder catches up leaves them for the next one.
        """
        CREATE TABLE IF NOT EXISTS queue_unmirrored (
            run    text NOT NULL,
            folder text NOT NULL,
            job    text NOT NULL,
            PRIMARY KEY (run, folder, job)
        );
        """,
        // A run adopted from another tool's runner folder numbers its jobs after the files already there (QueueAdoption).
        // A review job (`ias enqueue --pr`) names its pull request.
        """
        ALTER TABLE queue_runs ADD COLUMN IF NOT EXISTS seq_base integer NOT NULL DEFAULT 0;
        ALTER TABLE queue_jobs ADD COLUMN IF NOT EXISTS pr text;
        """,
    ];

    /// <summary>The version this ias writes: the number of steps.</summary>
    public static int Version => Steps.Length;

    // Any fixed number: the lock only keeps two runners starting at once from both migrating.
    private const long MigrationLock = 0x1a5_0_9_0e0e;

    /// <summary>Brings the database up to <see cref="Version"/>; throws <see cref="QueueException"/> when it is newer than this ias.</summary>
    public static void Migrate(NpgsqlConnection db)
    {
        using var tx = db.BeginTransaction();
        Execute(db, tx, $"SELECT pg_advisory_xact_lock({MigrationLock}); CREATE TABLE IF NOT EXISTS ias_schema (version integer NOT NULL);");
        using var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM ias_schema;", db, tx);
        var version = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Version)
        {
            throw new QueueException(
                $"the shared queue's database has schema {version}, this ias knows {Version}: upgrade ias on this box to the team's version");
        }

        for (var step = version; step < Version; step++)
        {
            Execute(db, tx, Steps[step]);
            Execute(db, tx, $"DELETE FROM ias_schema; INSERT INTO ias_schema (version) VALUES ({step + 1});");
        }

        tx.Commit();
    }

    private static void Execute(NpgsqlConnection db, NpgsqlTransaction tx, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, db, tx);
        cmd.ExecuteNonQuery();
    }
}
