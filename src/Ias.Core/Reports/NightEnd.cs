using Ias.Core.Storage;

namespace Ias.Core.Reports;

/// <summary>
/// The end of a checkout's night: a run or a queue's runner that ends while no other run or runner of the checkout is at
/// work is the last one, and the `report` notification goes out once for it. Each worker asks after it has let go of its own
/// lock, under the checkout's report lock, so of two that end together the second sees the first gone; the mark of the
/// last telling (`.run/report.told`) keeps that second one from telling again.
/// </summary>
public static class NightEnd
{
    /// <summary>How long a worker waits for another that is deciding at the same moment.</summary>
    public static readonly TimeSpan LockLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether a worker that began at <paramref name="began"/> and has ended is the last one at work: no other is, and the
    /// night was not told since it began (a worker that ended beside it told it, and that telling covered this one too).
    /// </summary>
    public static bool IsLast(bool othersAtWork, DateTimeOffset? lastTold, DateTimeOffset began) =>
        !othersAtWork && (lastTold is not { } told || told < began);

    /// <summary>
    /// Whether any run or runner of the checkout is at work: an engine (a sprint, a plan's sprint, a bug run) holds
    /// `.run/engine.lock`, a writer of the work tree `.run/checkout.lock`, a queue's runner `.run/queue/RUN.lock`. A runner
    /// that waits for jobs is at work; so is a frozen one until it is killed, since only the OS lets go of its lock.
    /// </summary>
    public static bool OthersAtWork(RunPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var queueLocks = Path.Combine(paths.RunDir, "queue");
        var runners = Directory.Exists(queueLocks) ? Directory.EnumerateFiles(queueLocks, "*.lock") : [];
        return new[] { paths.EngineLock, paths.CheckoutLock }.Concat(runners).Any(l => EngineLock.IsHeld(l, out _));
    }

    /// <summary>The file that holds when the checkout's night was last told.</summary>
    public static string ToldPath(RunPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.Combine(paths.RunDir, "report.told");
    }

    /// <summary>When the checkout's night was last told; null before the first telling, or when the mark cannot be read.</summary>
    public static DateTimeOffset? LastTold(RunPaths paths) =>
        AgentFile.Read(ToldPath(paths), 256).Bytes is { } bytes && IsoTime.TryParse(System.Text.Encoding.UTF8.GetString(bytes).Trim(), out var at) ? at : null;

    /// <summary>
    /// Asked by a worker that began at <paramref name="began"/> once it has ended and let go of its lock: true when it is the
    /// last one at work, the telling then marked at <paramref name="now"/> so no other worker tells the same night. False
    /// when another worker holds the report lock past <see cref="LockLimit"/>: that one decides.
    /// </summary>
    public static bool Claim(RunPaths paths, DateTimeOffset began, DateTimeOffset now, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(clock);
        if (!Directory.Exists(paths.RunDir))
        {
            return false;
        }

        using var held = FileLock.Take(Path.Combine(paths.RunDir, "report.lock"), LockLimit, clock);
        if (held is null || !IsLast(OthersAtWork(paths), LastTold(paths), began))
        {
            return false;
        }

        AtomicFile.Write(ToldPath(paths), IsoTime.ForFile(now) + "\n");
        return true;
    }
}
