using System.Text;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Storage;

/// <summary>
/// Opening ias.db: a file for its owner alone, the connection's pragmas, the schema brought to
/// <see cref="RunStore.SchemaVersion"/>, and the one line that names the file and what to do when it cannot be used.
/// </summary>
internal static class StoreFile
{
    /// <summary>An open connection to the file at <paramref name="dbPath"/>, made if missing, its schema current.</summary>
    public static SqliteConnection Connect(string dbPath)
    {
        var full = Path.GetFullPath(dbPath);
        var dir = Path.GetDirectoryName(full)!;
        try
        {
            OwnerOnly.CreateFolder(dir);

            // SQLite creates a new database with the umask's mode and gives its -wal and -shm files the database's mode:
            // an empty file made 0600 first is a new database to SQLite, and keeps all three for the owner alone.
            OwnerOnly.Touch(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (DiskFaults.Explain(ex, full, dbPath, dir) is { } fault)
            {
                throw fault;
            }

            throw;
        }

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
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw DiskFault(ex, dbPath) ?? NotUsable(dbPath, ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A connection that only reads the file at <paramref name="dbPath"/>: nothing is made, migrated or written (a replay
    /// looks at a run and changes nothing of it). A file of another schema is refused, naming what to do.
    /// </summary>
    public static SqliteConnection ConnectReadOnly(string dbPath)
    {
        var full = Path.GetFullPath(dbPath);
        if (!File.Exists(full))
        {
            throw new StateFileException(dbPath, $"{dbPath}: no ias database here; run ias in this checkout first");
        }

        // A reader of a WAL file makes its -wal and -shm files when no one has them open, and cannot remove them again. With
        // no -wal file, no writer has the file open: it is read as immutable, which makes nothing; a writer that opens it
        // meanwhile writes to a -wal of its own, which this look does not need. With one, a writer has it: read it as any reader.
        var quiet = !File.Exists(full + "-wal");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = quiet ? new Uri(full).AbsoluteUri + "?immutable=1" : full,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout=5000;");
            if (UserVersion(connection) is var version and not RunStore.SchemaVersion)
            {
                throw new StateFileException(
                    dbPath,
                    $"{dbPath}: schema {version}, this ias reads {RunStore.SchemaVersion}; run any ias command in this checkout to bring it up to date, or upgrade ias");
            }

            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw NotUsable(dbPath, ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>What a failed statement means for the user: a full disk, a read-only directory, a damaged file, or (null) none of those.</summary>
    public static StateFileException? Explain(SqliteException ex, string dbPath) =>
        DiskFault(ex, dbPath) ?? (DiskFaults.IsNotADatabase(ex) ? NotUsable(dbPath, ex) : null);

    private static StateFileException NotUsable(string dbPath, SqliteException ex) => new(
        dbPath,
        $"{dbPath}: not a usable ias database ({ex.Message.TrimEnd('.')}); move it aside and run ias again to start a fresh one",
        ex);

    /// <summary>The one-line error for a SQLite failure that a full disk or a read-only directory explains; null otherwise.</summary>
    private static StateFileException? DiskFault(SqliteException ex, string dbPath)
    {
        if (!DiskFaults.MayBeTheDisk(ex))
        {
            return null;
        }

        // A directory that takes writes with a database SQLite could open only for reading: the file itself is read-only.
        return DiskFaults.Explain(ex, dbPath, dbPath, Path.GetDirectoryName(Path.GetFullPath(dbPath))!)
            ?? (DiskFaults.IsReadOnly(ex) ? new StateFileException(dbPath, DiskFaults.ReadOnlyMessage(dbPath, "the file itself is read-only"), ex) : null);
    }

    private static void Migrate(SqliteConnection db, string dbPath)
    {
        const int Current = RunStore.SchemaVersion;
        if (UserVersion(db) == Current)
        {
            return;
        }

        // IMMEDIATE so two processes opening a new file at once do not both create the schema.
        using var tx = db.BeginTransaction(deferred: false);
        var version = UserVersion(db, tx);
        if (version > Current)
        {
            throw new StateFileException(
                dbPath,
                $"{dbPath}: written by a newer ias (schema {version}, this ias knows {Current}); upgrade ias, or move the file aside to start fresh");
        }

        if (version == 0)
        {
            using var cmd = db.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = string.Concat(RunStore.Parts.Select(p => p.Create)) + $"PRAGMA user_version={Current};";
            cmd.ExecuteNonQuery();
        }
        else if (version > 0)
        {
            var steps = new StringBuilder();
            for (var from = version; from < Current; from++)
            {
                foreach (var part in RunStore.Parts)
                {
                    steps.Append(part.Upgrade(from));
                }
            }

            using var cmd = db.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = steps + $"PRAGMA user_version={Current};";
            cmd.ExecuteNonQuery();
        }

        tx.Commit();
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
}
