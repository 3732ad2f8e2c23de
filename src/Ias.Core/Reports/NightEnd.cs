using Ias.Core.Storage;

namespace Ias.Core.Reports;

/// <summary>
/// The end of the box's night: the `report` notification goes out once, for the run or runner that ended last while none
/// of the box's checkouts has another at work, once the box has stayed quiet a while after it (runs chained in a script
/// follow one another within seconds). Kept in the user's state folder beside the registry of checkouts: the latest end
/// (`night.ended`), the end last told (`night.told`) and one line a decision (`night.log`), each read and written under
/// `night.lock`.
/// </summary>
public sealed class NightEnd
{
    /// <summary>How long a worker waits for another that is deciding at the same moment.</summary>
    public static readonly TimeSpan LockLimit = TimeSpan.FromSeconds(5);

    private readonly string _folder;
    private readonly TimeProvider _clock;

    /// <summary>The night kept in <paramref name="folder"/>, the user's state folder (<see cref="CheckoutRegistry.Folder"/>).</summary>
    public NightEnd(string folder, TimeProvider clock)
    {
        _folder = Path.GetFullPath(folder);
        _clock = clock;
    }

    /// <summary>Where each decision is written, one line each: why a night was told or left to another.</summary>
    public string LogPath => Path.Combine(_folder, "night.log");

    /// <summary>The latest end recorded; null before the first, or when the mark cannot be read.</summary>
    public DateTimeOffset? LastEnded => ReadTime("night.ended");

    /// <summary>The end last told; null before the first telling, or when the mark cannot be read.</summary>
    public DateTimeOffset? LastTold => ReadTime("night.told");

    /// <summary>
    /// Whether the worker that ended at <paramref name="ended"/> tells the night: null when it does, else why not. A later
    /// end tells it instead, as does one at work now when it ends; a night told at or after this end was told.
    /// </summary>
    public static string? WhyNot(DateTimeOffset ended, DateTimeOffset? lastEnded, DateTimeOffset? lastTold, string? atWork) =>
        lastEnded > ended ? $"a run that ended later ({IsoTime.ForFile(lastEnded.Value)}) tells it"
        : atWork is not null ? $"{atWork} is at work and tells it when it ends"
        : lastTold >= ended ? "it was told already"
        : null;

    /// <summary>
    /// Whether any run or runner of the checkout is at work: an engine holds `.run/engine.lock` (or a lane's), a writer
    /// `.run/checkout.lock`, a queue's runner `.run/queue/RUN.lock`. A runner
    /// that waits for jobs is at work; so is a frozen one until it is killed, since only the OS lets go of its lock.
    /// </summary>
    public static bool AtWork(RunPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var queueLocks = Path.Combine(paths.RunDir, "queue");
        var runners = Directory.Exists(queueLocks) ? Directory.EnumerateFiles(queueLocks, "*.lock") : [];
        return paths.Lanes().SelectMany(l => new[] { l.EngineLock, l.CheckoutLock }).Concat(runners).Any(l => EngineLock.IsHeld(l, out _));
    }

    /// <summary>Records an end at <paramref name="at"/>, asked by a worker that may tell the night once it has let go of its lock.</summary>
    public void Ended(DateTimeOffset at)
    {
        OwnerOnly.CreateFolderTight(_folder);
        using var held = FileLock.Take(Path.Combine(_folder, "night.lock"), LockLimit, _clock);
        if (held is not null && !(LastEnded >= at))
        {
            AtomicFile.Write(Path.Combine(_folder, "night.ended"), IsoTime.ForFile(at) + "\n");
        }
    }

    /// <summary>
    /// Asked for the worker <paramref name="who"/> that ended at <paramref name="ended"/>, once the box has been quiet: true
    /// when it tells the night, the telling then marked so no other tells it. Looks at <paramref name="checkouts"/>, every
    /// checkout of the box. False when another worker holds the lock past <see cref="LockLimit"/>: that one decides.
    /// </summary>
    public bool Claim(string who, DateTimeOffset ended, IEnumerable<RunPaths> checkouts)
    {
        ArgumentNullException.ThrowIfNull(checkouts);
        OwnerOnly.CreateFolderTight(_folder);
        using var held = FileLock.Take(Path.Combine(_folder, "night.lock"), LockLimit, _clock);
        var why = held is null
            ? "another was deciding"
            : WhyNot(ended, LastEnded, LastTold, checkouts.FirstOrDefault(AtWork)?.RepoRoot);
        OwnerOnly.AppendLine(LogPath, $"{IsoTime.ForFile(_clock.GetUtcNow())} {who}, ended {IsoTime.ForFile(ended)}: {(why is null ? "told the night" : $"not told: {why}")}");
        if (why is null)
        {
            AtomicFile.Write(Path.Combine(_folder, "night.told"), IsoTime.ForFile(ended) + "\n");
        }

        return why is null;
    }

    private DateTimeOffset? ReadTime(string file) =>
        AgentFile.Read(Path.Combine(_folder, file), 256).Bytes is { } bytes && IsoTime.TryParse(System.Text.Encoding.UTF8.GetString(bytes).Trim(), out var at) ? at : null;
}
