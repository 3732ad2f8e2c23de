using Ias.Core.Storage;

namespace Ias.Core.Jobs.Store;

/// <summary>The queue's tables in `.run/ias.db`, made on first use beside the engine's, and the columns added since.</summary>
internal static class SqliteQueueSchema
{
    // Created on first use with IF NOT EXISTS, beside the run tables, so a database of any schema version gains them without a migration.
    // The counts' triggers are made in one write transaction with a count of the rows already there, so a database from
    // before them starts right and no other writer's row slips between the count and the first trigger.
    public static void Ensure(RunStore db)
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
        // A queue made before adopted runs numbered their jobs after another tool's gets the column, every run from none.
        db.EnsureOnce(SeqBaseColumn, () =>
        {
            if (db.Query("SELECT COUNT(*) FROM pragma_table_info('queue_runs') WHERE name = 'seq_base';", r => r.GetInt64(0))[0] == 0)
            {
                db.Execute(SeqBaseColumn);
            }
        });
        // A queue made before review jobs named their pull request gets the column, every job naming none.
        db.EnsureOnce(PrColumn, () =>
        {
            if (db.Query("SELECT COUNT(*) FROM pragma_table_info('queue_jobs') WHERE name = 'pr';", r => r.GetInt64(0))[0] == 0)
            {
                db.Execute(PrColumn);
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
        CREATE TABLE IF NOT EXISTS queue_unmirrored (
            run    TEXT NOT NULL,
            folder TEXT NOT NULL,
            job    TEXT NOT NULL,
            PRIMARY KEY (run, folder, job)
        ) WITHOUT ROWID;

        """;

    private const string UsageColumns = """
        ALTER TABLE queue_jobs ADD COLUMN tokens_in INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE queue_jobs ADD COLUMN tokens_out INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE queue_jobs ADD COLUMN cost_usd TEXT;
        """;

    private const string RunnerAgentsColumn = "ALTER TABLE queue_runs ADD COLUMN runner_agents TEXT;";

    private const string StopsColumn = "ALTER TABLE queue_runs ADD COLUMN stops INTEGER NOT NULL DEFAULT 0;";

    private const string SeqBaseColumn = "ALTER TABLE queue_runs ADD COLUMN seq_base INTEGER NOT NULL DEFAULT 0;";

    private const string PrColumn = "ALTER TABLE queue_jobs ADD COLUMN pr TEXT;";

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
}
