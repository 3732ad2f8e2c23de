using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Storage;

/// <summary>
/// `.run/ias.db`, the source of truth of a repository's runs (the `.run/*.json` files mirror it). One connection per
/// instance, guarded by a lock; WAL lets `ias run-halt` in another process read and write while the engine holds its own.
/// </summary>
public sealed partial class RunStore : IDisposable
{
    private const int SchemaVersion = 2;

    private readonly SqliteConnection _db;
    private readonly string _path;
    private readonly Lock _gate = new();
    private SqliteTransaction? _tx;

    private RunStore(SqliteConnection db, string path)
    {
        _db = db;
        _path = path;
    }

    /// <summary>Opens or creates the database and its schema; a file that is not an ias database throws <see cref="StateFileException"/> naming it.</summary>
    public static RunStore Open(string dbPath)
    {
        var full = Path.GetFullPath(dbPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Pooling would keep the file open after Dispose; each process holds exactly one connection anyway.
            Pooling = false,
        }.ToString());

        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout=5000;");
            // The first statement that reads the file; garbage fails here with "file is not a database".
            Execute(connection, "PRAGMA journal_mode=WAL;");
            // With WAL, NORMAL loses at most the last commits on power loss and never corrupts the file.
            Execute(connection, "PRAGMA synchronous=NORMAL;");
            Migrate(connection, dbPath);
            return new RunStore(connection, dbPath);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new StateFileException(
                dbPath,
                $"{dbPath}: not a usable ias database ({ex.Message.TrimEnd('.')}); move it aside and run ias again to start a fresh one",
                ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="action"/>'s saves as one write transaction (BEGIN IMMEDIATE); nested calls join the outer one.</summary>
    public void Transaction(Action action)
    {
        lock (_gate)
        {
            if (_tx is not null)
            {
                action();
                return;
            }

            _tx = _db.BeginTransaction(deferred: false);
            try
            {
                action();
                _tx.Commit();
            }
            catch
            {
                _tx.Rollback();
                throw;
            }
            finally
            {
                _tx.Dispose();
                _tx = null;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _db.Dispose();
        }
    }

    private static void Migrate(SqliteConnection db, string dbPath)
    {
        if (UserVersion(db) == SchemaVersion)
        {
            return;
        }

        // IMMEDIATE so two processes opening a new file at once do not both create the schema.
        using var tx = db.BeginTransaction(deferred: false);
        var version = UserVersion(db, tx);
        if (version > SchemaVersion)
        {
            throw new StateFileException(
                dbPath,
                $"{dbPath}: written by a newer ias (schema {version}, this ias knows {SchemaVersion}); upgrade ias, or move the file aside to start fresh");
        }

        if (version == 0)
        {
            using var cmd = db.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = Schema + $"PRAGMA user_version={SchemaVersion};";
            cmd.ExecuteNonQuery();
        }
        else if (version == 1)
        {
            // Schema 2 (issue 4): what completion did with the branch.
            using var cmd = db.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = AddPublishColumns + $"PRAGMA user_version={SchemaVersion};";
            cmd.ExecuteNonQuery();
        }

        tx.Commit();
    }

    /// <summary>
    /// SQLite's `data_version`: it changes when another connection commits, so a reader polling twice a second can
    /// skip its queries while the engine has written nothing.
    /// </summary>
    public long DataVersion()
    {
        lock (_gate)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "PRAGMA data_version;";
            return (long)cmd.ExecuteScalar()!;
        }
    }

    private static long UserVersion(SqliteConnection db, SqliteTransaction? tx = null)
    {
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "PRAGMA user_version;";
        return (long)cmd.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    // Plain CREATE TABLE, not IF NOT EXISTS: a foreign database that happens to have a "runs" table fails loudly.
    private const string Schema = """
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE runs (
            run_id         TEXT PRIMARY KEY,
            target         TEXT NOT NULL,
            branch         TEXT NOT NULL,
            state          TEXT NOT NULL,
            phase          TEXT NOT NULL,
            started        TEXT NOT NULL,
            last_activity  TEXT NOT NULL,
            cycle_current  INTEGER NOT NULL,
            cycle_limit    INTEGER NOT NULL,
            cycle_history  TEXT NOT NULL,
            files_changed  INTEGER NOT NULL,
            commits        INTEGER NOT NULL,
            findings_fixed INTEGER NOT NULL,
            options        TEXT NOT NULL,
            halt_reason    TEXT,
            resume_phase   TEXT,
            tokens_in      INTEGER NOT NULL,
            tokens_out     INTEGER NOT NULL,
            cost_usd       TEXT NOT NULL,
            pushed         INTEGER NOT NULL DEFAULT 0,
            pr_created     INTEGER NOT NULL DEFAULT 0,
            pr_url         TEXT
        );
        CREATE TABLE breaker (
            run_id   TEXT PRIMARY KEY,
            snapshot TEXT NOT NULL
        );
        CREATE TABLE rate_limit (
            id       INTEGER PRIMARY KEY CHECK (id = 1),
            snapshot TEXT NOT NULL
        );
        CREATE TABLE phases (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id        TEXT NOT NULL,
            cycle         INTEGER NOT NULL,
            phase         TEXT NOT NULL,
            started       TEXT NOT NULL,
            ended         TEXT,
            outcome       TEXT,
            findings      INTEGER NOT NULL DEFAULT 0,
            files_changed INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX phases_by_run ON phases (run_id, id);
        CREATE TABLE findings (
            run_id   TEXT NOT NULL,
            cycle    INTEGER NOT NULL,
            phase    TEXT NOT NULL,
            id       TEXT NOT NULL,
            severity TEXT NOT NULL,
            title    TEXT NOT NULL,
            file     TEXT,
            line     INTEGER,
            hash     TEXT NOT NULL
        );
        CREATE INDEX findings_by_step ON findings (run_id, cycle, phase);
        CREATE TABLE agent_calls (
            run_id     TEXT NOT NULL,
            cycle      INTEGER NOT NULL,
            phase      TEXT NOT NULL,
            role       TEXT NOT NULL,
            agent      TEXT NOT NULL,
            session_id TEXT,
            started    TEXT NOT NULL,
            ended      TEXT NOT NULL,
            exit_code  INTEGER,
            outcome    TEXT NOT NULL,
            calls      INTEGER NOT NULL,
            tokens_in  INTEGER NOT NULL,
            tokens_out INTEGER NOT NULL,
            cost_usd   TEXT NOT NULL,
            job_dir    TEXT NOT NULL
        );
        CREATE INDEX agent_calls_by_run ON agent_calls (run_id);
        CREATE TABLE events (
            id      INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id  TEXT NOT NULL,
            at      TEXT NOT NULL,
            kind    TEXT NOT NULL,
            message TEXT NOT NULL
        );
        CREATE INDEX events_by_run ON events (run_id, id);
        CREATE TABLE control_requests (
            id        INTEGER PRIMARY KEY AUTOINCREMENT,
            at        TEXT NOT NULL,
            kind      TEXT NOT NULL,
            reason    TEXT,
            force     INTEGER NOT NULL,
            reset_ice INTEGER NOT NULL,
            taken_at  TEXT,
            taken_by  TEXT
        );
        CREATE INDEX control_pending ON control_requests (taken_at, id);

        """;

    private const string AddPublishColumns = """
        ALTER TABLE runs ADD COLUMN pushed INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN pr_created INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE runs ADD COLUMN pr_url TEXT;

        """;

    /// <summary>A command on this connection inside the open transaction, if any.</summary>
    private SqliteCommand Command(string sql, params (string Name, object? Value)[] args)
    {
        var cmd = _db.CreateCommand();
        cmd.Transaction = _tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return cmd;
    }

    private int Execute(string sql, params (string Name, object? Value)[] args)
    {
        lock (_gate)
        {
            using var cmd = Command(sql, args);
            return cmd.ExecuteNonQuery();
        }
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] args)
    {
        lock (_gate)
        {
            using var cmd = Command(sql, args);
            using var reader = cmd.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(map(reader));
            }

            return rows;
        }
    }

    /// <summary>Reads a JSON column; a bad value means someone edited the database, which is reported like a corrupt state file.</summary>
    private T ReadJson<T>(string json, string where, Func<JsonElement, T> read)
    {
        try
        {
            using var doc = JsonText.Parse(json);
            return read(doc.RootElement);
        }
        catch (SchemaException ex)
        {
            throw new StateFileException(_path, $"{_path}: {where}: {ex.Message}; move the database aside to start fresh", ex);
        }
    }
}
