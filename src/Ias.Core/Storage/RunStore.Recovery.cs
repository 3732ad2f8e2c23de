using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Ias.Core.Storage;

public sealed partial class RunStore
{
    // sqlite3_file_control opcodes: whether the open file still sits at its path, and keeping the WAL file on close.
    private const int HasMovedOp = 20;
    private const int PersistWalOp = 10;

    /// <summary>
    /// True when the file this connection has open is no longer at its path: deleted (alone, or with all of `.run/`), renamed,
    /// or replaced by another file. The connection still reads and writes the file it opened, which nobody else will ever see.
    /// </summary>
    public bool FileLost()
    {
        lock (_gate)
        {
            var moved = 0;
            try
            {
                if (FileControl(_db.Handle!.DangerousGetHandle(), "main", HasMovedOp, ref moved) == 0)
                {
                    return moved != 0;
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // A SQLite build without file control: a deleted file is still seen; a replaced one is not.
            }

            return !File.Exists(_path);
        }
    }

    /// <summary>
    /// Puts the database back at its path from the file this connection still has open (a deleted file stays readable through
    /// its handle), then goes on with the new file. Returns false when the open file could not be read either, in which case
    /// the new file holds the empty schema and the caller saves what it holds in memory.
    /// </summary>
    public bool RebuildFromOpenFile()
    {
        lock (_gate)
        {
            if (_tx is not null)
            {
                throw new InvalidOperationException("the database cannot be rebuilt inside a transaction; call RebuildFromOpenFile between saves");
            }

            var full = Path.GetFullPath(_path);
            var dir = Path.GetDirectoryName(full)!;
            var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.rebuild");
            bool copied;
            try
            {
                Directory.CreateDirectory(dir);
                copied = CopyTo(temp);

                // Closing a WAL database deletes its -wal and -shm files by name, and those names are about to belong to the
                // rebuilt file; the lost file keeps its own (unlinked) ones. A WAL left at the path would be replayed into the
                // rebuilt file, so whatever is there goes before it moves in.
                var persist = 1;
                try
                {
                    _ = FileControl(_db.Handle!.DangerousGetHandle(), "main", PersistWalOp, ref persist);
                }
                catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
                {
                }

                _prepared.Clear();
                _db.Dispose();
                foreach (var suffix in (string[])["-wal", "-shm", "-journal"])
                {
                    File.Delete(full + suffix);
                }

                File.Move(temp, full, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SqliteException)
            {
                if (DiskFaults.Explain(ex, _path, _path, dir) is { } fault)
                {
                    throw fault;
                }

                throw;
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }

            _db = StoreFile.Connect(_path);
            _ensured.Clear();
            return copied;
        }
    }

    /// <summary>Copies every page the connection reads into a new file at <paramref name="temp"/> (SQLite's online backup); false, with an empty schema there instead, when the pages do not read.</summary>
    private bool CopyTo(string temp)
    {
        using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temp, Pooling = false }.ToString()))
        {
            copy.Open();
            try
            {
                _db.BackupDatabase(copy);
                return true;
            }
            catch (SqliteException ex) when (!DiskFaults.IsDiskFull(ex))
            {
                // Damaged in place rather than taken away: nothing in it can be trusted, so only the schema is made.
            }
        }

        File.Delete(temp);
        Open(temp).Dispose();
        return false;
    }

    // sqlite3_file_control is not in SQLitePCLRaw's API; the bundled native library exports it. DllImport rather than
    // LibraryImport: the generated marshaller needs unsafe code, which the build does not allow.
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_file_control")]
    private static extern int FileControl(IntPtr db, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, int op, ref int arg);
}
