namespace Ias.Core.Storage;

/// <summary>
/// One engine per repository: an exclusive lock (flock, through FileShare.None) on `.run/engine.lock`,
/// with the owner's PID and host beside it in `.run/engine.owner`. The OS drops the lock when the process dies
/// (even by kill -9), so a dead owner never blocks a resume.
/// </summary>
public sealed class EngineLock : IDisposable
{
    private readonly FileStream _stream;

    private EngineLock(FileStream stream, string path, string? previousHolder)
    {
        _stream = stream;
        Path = path;
        PreviousHolder = previousHolder;
    }

    public string Path { get; }

    /// <summary>The owner named beside the lock when it was taken: a holder that died without letting go (a clean exit removes the name).</summary>
    public string? PreviousHolder { get; }

    /// <summary>Takes the lock, or returns null and who holds it.</summary>
    public static EngineLock? TryAcquire(string path, string owner, out string? holder)
    {
        holder = null;
        try
        {
            OwnerOnly.CreateFolder(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            var fs = OwnerOnly.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            var previous = ReadHolder(path);
            OwnerOnly.WriteAllText(OwnerPath(path), owner + "\n");
            return new EngineLock(fs, path, string.IsNullOrEmpty(previous) ? null : previous);
        }
        catch (IOException)
        {
            holder = ReadHolder(path);
            return null;
        }
    }

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
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            holder = ReadHolder(path);
            return true;
        }
    }

    /// <summary>Removes the owner's name, then lets go of the lock.</summary>
    public void Dispose()
    {
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

    private static string OwnerPath(string lockPath) => System.IO.Path.ChangeExtension(lockPath, ".owner");
}
