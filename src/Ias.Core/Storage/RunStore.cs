using System.Reflection;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Ias.Core.Storage;

/// <summary>
/// `.run/ias.db`, the source of truth of a repository's runs (the `.run/*.json` files mirror it). One connection per
/// instance, guarded by a lock; WAL lets `ias run-halt` in another process read and write while the engine holds its own.
/// </summary>
/// <remarks>
/// This type holds the connection, its transactions, the schema's version and the control channel; each feature reads
/// and writes its own tables through a store of its own on this connection, and declares them in a <see cref="SchemaPart"/>.
/// </remarks>
public sealed partial class RunStore : IDisposable
{
    /// <summary>The schema version of the whole file (user_version); raising it means each part says how to get there.</summary>
    internal const int SchemaVersion = 9;

    // Every feature's tables, declared beside each feature rather than named here, so this floor knows no feature; ordered
    // so a new file is always built alike.
    internal static readonly SchemaPart[] Parts = typeof(SchemaPart).Assembly.GetCustomAttributes<SchemaPartAttribute>()
        .OrderBy(a => a.Part.FullName, StringComparer.Ordinal)
        .Select(a => (SchemaPart)Activator.CreateInstance(a.Part, nonPublic: true)!)
        .ToArray();

    // Replaced only by RebuildFromOpenFile, under the lock, when the file was taken away while open.
    private SqliteConnection _db;
    private readonly string _path;
    private readonly Lock _gate = new();
    // Keyed by the callers' constant schema texts, told apart by reference: every queue statement asks, and hashing a
    // whole schema each time cost more than some of the statements.
    private readonly HashSet<string> _ensured = new(ReferenceEqualityComparer.Instance);
    private SqliteTransaction? _tx;

    // The open connection's commands; cleared before it closes.
    private readonly PreparedCommands _prepared = new();

    private RunStore(SqliteConnection db, string path)
    {
        _db = db;
        _path = path;
    }

    /// <summary>
    /// Opens or creates the database and its schema; a file that is not an ias database, a full disk and a read-only
    /// directory each throw <see cref="StateFileException"/> with the one line that names the file and what to do.
    /// </summary>
    public static RunStore Open(string dbPath) => new(StoreFile.Connect(dbPath), dbPath);

    /// <summary>Opens the database only to read it: nothing is created, migrated or written; a missing file or another schema throws <see cref="StateFileException"/>.</summary>
    public static RunStore OpenReadOnly(string dbPath) => new(StoreFile.ConnectReadOnly(dbPath), dbPath);

    private StateFileException? Explain(SqliteException ex) => StoreFile.Explain(ex, _path);

    /// <summary>Runs <paramref name="action"/>'s saves as one write transaction (BEGIN IMMEDIATE); nested calls join the outer one.</summary>
    public void Transaction(Action action) => Transaction(action, deferred: false);

    /// <summary>
    /// Runs <paramref name="action"/>'s reads on one snapshot of the file (a deferred transaction, which in WAL mode takes no
    /// lock a writer waits for): reads that must agree with each other, such as a queue's counts and its jobs.
    /// </summary>
    internal void Snapshot(Action action) => Transaction(action, deferred: true);

    private void Transaction(Action action, bool deferred)
    {
        lock (_gate)
        {
            if (_tx is not null)
            {
                action();
                return;
            }

            try
            {
                _tx = _db.BeginTransaction(deferred);
                try
                {
                    DbRollback.Committed(_tx, action);
                }
                finally
                {
                    _tx.Dispose();
                    _tx = null;
                }
            }
            catch (SqliteException ex) when (Explain(ex) is { } fault)
            {
                throw fault;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _prepared.Clear();
            _db.Dispose();
        }
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

    /// <summary>Whether nothing is recorded yet: every table but the schema's own (meta) is empty, as a start refused before it began leaves it.</summary>
    public bool RecordsNothing()
    {
        var tables = Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'meta' AND name NOT LIKE 'sqlite_%'", r => r.GetString(0));
        return tables.All(t => Query($"SELECT EXISTS (SELECT 1 FROM \"{t}\")", r => r.GetInt64(0))[0] == 0);
    }

    /// <summary>The path the store was opened with, as messages about the file name it.</summary>
    internal string FilePath => _path;

    /// <summary>Runs one statement (inside the open transaction, if any) and returns the rows it changed.</summary>
    internal int Execute(string sql, params (string Name, object? Value)[] args)
    {
        lock (_gate)
        {
            try
            {
                if (FaultInjection.DiskFull(_path))
                {
                    throw new SqliteException("SQLite Error 13: 'database or disk is full'.", 13);
                }

                return _prepared.Run(_db, _tx, sql, args, cmd => cmd.ExecuteNonQuery());
            }
            catch (SqliteException ex) when (Explain(ex) is { } fault)
            {
                throw fault;
            }
        }
    }

    /// <summary>Runs one statement once per row, in one transaction, prepared once: rows by the thousand cost one parse of the SQL.</summary>
    internal void ExecuteEach<T>(string sql, IReadOnlyList<T> rows, params (string Name, Func<T, object?> Value)[] columns)
    {
        if (rows.Count == 0)
        {
            return;
        }

        Transaction(() =>
        {
            lock (_gate)
            {
                if (FaultInjection.DiskFull(_path))
                {
                    throw new SqliteException("SQLite Error 13: 'database or disk is full'.", 13);
                }

                _prepared.Run(_db, _tx, sql, [.. columns.Select(c => (c.Name, (object?)null))], cmd =>
                {
                    var parameters = cmd.Parameters;
                    foreach (var row in rows)
                    {
                        for (var i = 0; i < columns.Length; i++)
                        {
                            parameters[i].Value = columns[i].Value(row) ?? DBNull.Value;
                        }

                        cmd.ExecuteNonQuery();
                    }

                    return rows.Count;
                });
            }
        });
    }

    /// <summary>Runs one query and maps each row it returns.</summary>
    internal List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] args)
    {
        lock (_gate)
        {
            try
            {
                return _prepared.Run(_db, _tx, sql, args, cmd =>
                {
                    using var reader = cmd.ExecuteReader();
                    var rows = new List<T>();
                    while (reader.Read())
                    {
                        rows.Add(map(reader));
                    }

                    return rows;
                });
            }
            catch (SqliteException ex) when (Explain(ex) is { } fault)
            {
                throw fault;
            }
        }
    }

    /// <summary>
    /// Steps one query through SQLite's own API with <paramref name="arg"/> bound to ?1, handing <paramref name="row"/> the
    /// statement on each row: a reader that takes each value's UTF-8 as SQLite holds it makes no string of it (status --json).
    /// </summary>
    internal void EachRow(string sql, string arg, Action<sqlite3_stmt> row)
    {
        lock (_gate)
        {
            var handle = _db.Handle!;
            Check(raw.sqlite3_prepare_v2(handle, sql, out var stmt));
            using (stmt)
            {
                Check(raw.sqlite3_bind_text(stmt, 1, arg));
                int rc;
                while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
                {
                    row(stmt);
                }

                Check(rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
            }

            void Check(int rc)
            {
                if (rc != raw.SQLITE_OK)
                {
                    var ex = new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(handle).utf8_to_string()}'.", rc);
                    throw (Exception?)Explain(ex) ?? ex;
                }
            }
        }
    }

    /// <summary>Several reads under the connection's lock, so no other thread's write lands between them.</summary>
    internal T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    /// <summary>Creates tables that arrived after a file was made (CREATE ... IF NOT EXISTS), once per connection; <paramref name="schema"/> is a constant.</summary>
    internal void Ensure(string schema)
    {
        lock (_gate)
        {
            if (_ensured.Contains(schema))
            {
                return;
            }

            using var cmd = _db.CreateCommand();
            cmd.Transaction = _tx;
            cmd.CommandText = schema;
            cmd.ExecuteNonQuery();
            _ensured.Add(schema);
        }
    }

    /// <summary>Runs <paramref name="create"/> once per connection under <paramref name="key"/>, a constant: schema work that needs more than IF NOT EXISTS.</summary>
    internal void EnsureOnce(string key, Action create)
    {
        lock (_gate)
        {
            if (_ensured.Contains(key))
            {
                return;
            }

            create();
            _ensured.Add(key);
        }
    }

    /// <summary>Reads a JSON column; a bad value means someone edited the database, which is reported like a corrupt state file.</summary>
    internal T ReadJson<T>(string json, string where, Func<JsonElement, T> read)
    {
        try
        {
            using var doc = JsonText.Parse(json);
            return read(doc.RootElement);
        }
        catch (SchemaException ex)
        {
            throw Corrupt(where, ex);
        }
    }

    /// <summary>The error for a value in the database that does not read: it names the file and the value, and says what to do.</summary>
    internal StateFileException Corrupt(string where, Exception ex) =>
        new(_path, $"{_path}: {where}: {ex.Message}; move the database aside to start fresh", ex);
}
