namespace Ias.Core.Storage;

/// <summary>
/// An exclusive lock on a file, as FileShare.None takes it on Unix (flock), let go when the stream closes or its process
/// dies: taken at once or not at all, or waited for up to a limit.
/// </summary>
internal static class FileLock
{
    // flock(2) says EWOULDBLOCK when another open file description holds the lock; .NET passes the errno on as the HResult.
    private const int LockedByAnother = 11;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    /// <summary>Whether <paramref name="e"/> says another open file description holds the lock.</summary>
    public static bool HeldByAnother(IOException e) => e.HResult == LockedByAnother;

    /// <summary>The lock on <paramref name="path"/> (the file made for its owner alone if missing); null when another holds it.</summary>
    public static FileStream? TryTake(string path)
    {
        try
        {
            return OwnerOnly.Open(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (HeldByAnother(e))
        {
            return null;
        }
    }

    /// <summary>The lock on <paramref name="path"/>, waited for up to <paramref name="limit"/>; null when another holds it that long.</summary>
    public static FileStream? Take(string path, TimeSpan limit, TimeProvider clock)
    {
        var deadline = clock.GetUtcNow() + limit;
        while (true)
        {
            if (TryTake(path) is { } held)
            {
                return held;
            }

            if (clock.GetUtcNow() >= deadline)
            {
                return null;
            }

            Task.Delay(Poll, clock).GetAwaiter().GetResult();
        }
    }
}
