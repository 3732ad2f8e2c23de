namespace Ias.Core.Storage;

/// <summary>
/// One engine per repository: an exclusive lock (flock, through FileShare.None) on `.run/engine.lock`,
/// with the owner's PID and host beside it in `.run/engine.owner`. The OS drops the lock when the process dies
/// (even by kill -9), so a dead owner never blocks a resume.
/// </summary>
public sealed class EngineLock : IDisposable
{

    private FileStream _stream;
    private bool _released;

    private EngineLock(FileStream stream, string path, string? previousHolder)
    {
        _stream = stream;
        Path = path;
        PreviousHolder = previousHolder;
    }

    public string Path { get; }

    /// <summary>The owner named beside the lock when it was taken: a holder that died without letting go (a clean exit removes the name).</summary>
    public string? PreviousHolder { get; }

    /// <summary>Whether an owner is named beside the lock at <paramref name="path"/>: a live engine, or one that died holding it.</summary>
    public static bool Named(string path) => File.Exists(OwnerPath(path));

    /// <summary>
    /// Takes the lock, or returns null and who holds it. Only a live holder counts: the OS lets go of a dead one's lock, so
    /// a file that cannot be written (a full disk, a read-only `.run/`) throws <see cref="StateFileException"/> instead.
    /// </summary>
    public static EngineLock? TryAcquire(string path, string owner, out string? holder)
    {
        var dir = Folder(path);
        if (Lock(path, dir, out holder) is not { } fs)
        {
            return null;
        }

        try
        {
            var previous = ReadHolder(path);
            WriteOwner(path, owner, dir);
            return new EngineLock(fs, path, string.IsNullOrEmpty(previous) ? null : previous);
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Takes the lock again at its path when the file it holds was deleted (`rm -rf .run`): the deleted file's lock excludes
    /// no one, since another engine would lock a new file at the path. False when another engine holds the file there now.
    /// </summary>
    public bool Renew(string owner)
    {
        var dir = Folder(Path);
        if (Lock(Path, dir, out var holder) is not { } fresh)
        {
            // flock excludes a second open of the same file even in this process: the file is this lock's, or another engine's.
            if (string.IsNullOrEmpty(holder))
            {
                WriteOwner(Path, owner, dir);
                return true;
            }

            return holder == owner;
        }

        // Nobody holds the file at the path, so it is not the one this lock holds: this lock moves to it.
        try
        {
            WriteOwner(Path, owner, dir);
        }
        catch
        {
            fresh.Dispose();
            throw;
        }

        _stream.Dispose();
        _stream = fresh;
        return true;
    }

    // Opens the lock file with flock held; null when another open file description holds it, with the owner named beside it.
    private static FileStream? Lock(string path, string dir, out string? holder)
    {
        holder = null;
        try
        {
            OwnerOnly.CreateFolder(dir);
            if (FileLock.TryTake(path) is { } held)
            {
                return held;
            }

            holder = ReadHolder(path);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Explained(e, path, dir);
        }
    }

    private static void WriteOwner(string path, string owner, string dir)
    {
        try
        {
            OwnerOnly.WriteAllText(OwnerPath(path), owner + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Explained(e, OwnerPath(path), dir);
        }
    }

    private static string Folder(string path) => System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;

    /// <summary>Whether a live engine holds the lock right now.</summary>
    public static bool IsHeld(string path, out string? holder)
    {
        holder = null;
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            // Reading is enough to ask for the lock, so a read-only `.run/` is still asked rather than taken for a live engine.
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (IOException e) when (FileLock.HeldByAnother(e))
        {
            holder = ReadHolder(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // a file nobody can open is no engine's lock; taking the lock reports why
        }
    }

    /// <summary>Removes the owner's name, then lets go of the lock.</summary>
    /// <summary>Lets go once: a lock handed to an engine (<c>RunEngine.Lock</c>) is disposed by the engine and by its caller.</summary>
    public void Dispose()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        try
        {
            File.Delete(OwnerPath(Path));
        }
        catch (IOException)
        {
            // The name is only a message for the next holder; the lock itself goes with the stream.
        }

        _stream.Dispose();
    }

    private static string? ReadHolder(string path)
    {
        try
        {
            return File.ReadAllText(OwnerPath(path)).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Exception Explained(Exception e, string path, string dir) =>
        DiskFaults.Explain(e, path, path, dir) ?? (Exception)new StateFileException(path, $"{path}: cannot take the engine lock ({e.Message}); check the permissions of {dir}", e);

    private static string OwnerPath(string lockPath) => System.IO.Path.ChangeExtension(lockPath, ".owner");
}
