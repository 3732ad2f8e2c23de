using Microsoft.Data.Sqlite;

namespace Ias.Core.Storage;

/// <summary>
/// The two storage faults no retry fixes, a full disk and a read-only `.run/`, told apart from every other I/O failure and
/// put in the one line a user acts on.
/// </summary>
public static class DiskFaults
{
    // errno values .NET puts in IOException.HResult on Unix when it has no exception type of its own for them.
    private const int NoSpace = 28;
    private const int ReadOnlyFileSystem = 30;
    private const int QuotaExceeded = 122;

    // SQLite's primary result codes (the low byte of an extended code).
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    /// <summary>The line for a write to <paramref name="path"/> that found the disk full.</summary>
    public static string DiskFullMessage(string path) => $"{path}: no space left on device; free space and run `ias run-resume`";

    /// <summary>The line for a `.run/` (or a file in it) that cannot be written: it names it, why, and what to do.</summary>
    public static string ReadOnlyMessage(string dir, string why) =>
        $"{dir} is read-only: {why}; ias keeps the run's state there, so make it writable (`chmod u+w {dir}`, or remount it read-write), then run ias again (`ias run-resume` continues a run)";

    /// <summary>The first path quoted in a .NET I/O message ("No space left on device : '/repo/.run/x'"), or null.</summary>
    public static string? PathIn(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start + 1 ? message[(start + 1)..end] : null;
    }

    /// <summary>Whether <paramref name="e"/> is a write that found no space (ENOSPC or a quota), from .NET or from SQLite.</summary>
    public static bool IsDiskFull(Exception e) => e switch
    {
        IOException { HResult: NoSpace or QuotaExceeded } => true,

        // .NET reserves a file's size up front (File.WriteAllText) and words that failure itself.
        IOException io when io.Message.Contains("disk was full", StringComparison.Ordinal) => true,
        SqliteException s => (s.SqliteErrorCode & 0xff) == SqliteFull,
        _ => false,
    };

    /// <summary>Whether a SQLite failure says nothing about the file's content, so the directory is worth a look before calling the file unusable.</summary>
    public static bool MayBeTheDisk(SqliteException e) => (e.SqliteErrorCode & 0xff) is SqliteReadOnly or SqliteIoError or SqliteFull or SqliteCantOpen;

    /// <summary>Whether SQLite refused a write because it could open the file only for reading.</summary>
    public static bool IsReadOnly(SqliteException e) => (e.SqliteErrorCode & 0xff) == SqliteReadOnly;

    /// <summary>Whether a SQLite failure says the file itself is not a database (or is damaged): moving it aside is the fix.</summary>
    public static bool IsNotADatabase(SqliteException e) => (e.SqliteErrorCode & 0xff) is SqliteNotADatabase or SqliteCorrupt;

    /// <summary>
    /// Tries what every write under <paramref name="dir"/> needs (a new file with a few kilobytes in it) and says why it fails:
    /// "no space" or "read-only: …", or null when the directory takes writes. The test file is removed again.
    /// </summary>
    public static DiskProblem? Probe(string dir)
    {
        var probe = Path.Combine(dir, $".ias-probe-{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(new byte[4096]);
                stream.Flush(flushToDisk: true);
            }

            return null;
        }
        catch (Exception e) when (IsDiskFull(e))
        {
            return DiskProblem.Full;
        }
        catch (IOException e) when (e.HResult == ReadOnlyFileSystem)
        {
            return DiskProblem.ReadOnly("a read-only file system");
        }
        catch (UnauthorizedAccessException)
        {
            return DiskProblem.ReadOnly("no permission to write in it");
        }
        catch (DirectoryNotFoundException)
        {
            return null; // a missing directory is created by the writer; it is not read-only
        }
        catch (IOException)
        {
            return null;
        }
        finally
        {
            try
            {
                File.Delete(probe);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // It was never created, or the file system refuses even this; the probe's answer stands.
            }
        }
    }

    /// <summary>
    /// The one-line exception for a write to <paramref name="path"/> in <paramref name="dir"/> that failed with <paramref name="e"/>
    /// when the cause is a full disk or a read-only directory; null for any other failure. <paramref name="display"/> is how the path is shown.
    /// </summary>
    public static StateFileException? Explain(Exception e, string path, string display, string dir)
    {
        if (IsDiskFull(e))
        {
            return new StateFileException(path, DiskFullMessage(display), e);
        }

        if (e is not (IOException or UnauthorizedAccessException or SqliteException))
        {
            return null;
        }

        return Probe(dir) switch
        {
            { IsFull: true } => new StateFileException(path, DiskFullMessage(display), e),
            { Why: { } why } => new StateFileException(path, ReadOnlyMessage(dir, why), e),
            _ => null,
        };
    }
}
