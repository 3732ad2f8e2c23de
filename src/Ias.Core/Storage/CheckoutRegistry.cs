namespace Ias.Core.Storage;

/// <summary>
/// Every checkout where ias ran, so the tools that look at the whole machine the morning after (`ias dashboard --all`) find
/// them all: one absolute repository root a line in `checkouts` in the user's state folder, a file a person can read and
/// edit. A checkout whose `.run/` is gone is dropped from the file at the next look. The file is a convenience, never a
/// reason for a command to fail: one that is missing, unreadable or not a list of paths reads as empty and is written again.
/// </summary>
public sealed class CheckoutRegistry
{
    /// <summary>How long <see cref="Remember"/> waits for another process writing the file before it lets this checkout go unremembered.</summary>
    public static readonly TimeSpan LockLimit = TimeSpan.FromSeconds(2);

    // A list of a few hundred paths; anything this large is not one, and is read as empty rather than read into memory.
    private const int MaxBytes = 1 << 20;

    /// <summary>The registry kept in <paramref name="folder"/> (made for its owner alone at the first write).</summary>
    public CheckoutRegistry(string folder)
    {
        Folder = Path.GetFullPath(folder);
        ListFile = Path.Combine(Folder, "checkouts");
        LockFile = Path.Combine(Folder, "checkouts.lock");
    }

    /// <summary>The state folder the file lives in.</summary>
    public string Folder { get; }

    /// <summary>The list itself: one absolute repository root a line.</summary>
    public string ListFile { get; }

    /// <summary>Held while a process rewrites the list, so two processes remembering at once both end up in it.</summary>
    public string LockFile { get; }

    /// <summary>The clock a writer waiting for the lock goes by.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The user's registry, in <see cref="UserFolder"/> of this process's environment.</summary>
    public static CheckoutRegistry ForUser() =>
        new(UserFolder(Environment.GetEnvironmentVariable("XDG_STATE_HOME"), Environment.GetEnvironmentVariable("HOME")));

    /// <summary>
    /// `$XDG_STATE_HOME/ias` when that is an absolute path (the XDG rule: a relative one is ignored), else
    /// `~/.local/state/ias`, home being <paramref name="home"/> or, without one, the account's.
    /// </summary>
    public static string UserFolder(string? stateHome, string? home)
    {
        if (stateHome is { Length: > 0 } && Path.IsPathRooted(stateHome))
        {
            return Path.Combine(stateHome, "ias");
        }

        var user = home is { Length: > 0 } && Path.IsPathRooted(home) ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(user, ".local", "state", "ias");
    }

    /// <summary>
    /// Adds <paramref name="repoRoot"/>, a checkout holding a `.run` folder, to the list; a root already listed costs one
    /// read and no write. Whatever goes wrong (a full disk, a read-only home, another writer that does not let go) only
    /// leaves the checkout unremembered.
    /// </summary>
    public void Remember(string repoRoot)
    {
        if (Normal(repoRoot) is not { } root || !HoldsRuns(root))
        {
            return;
        }

        try
        {
            if (Read().Contains(root, StringComparer.Ordinal))
            {
                return;
            }

            OwnerOnly.CreateFolderTight(Folder);
            using var held = FileLock.Take(LockFile, LockLimit, Clock);
            // Read again under the lock: another process may have rewritten the list since the first look.
            var listed = Read();
            if (held is not null && !listed.Contains(root, StringComparer.Ordinal))
            {
                Write(Tidy(listed.Append(root)));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Remembering is for the morning's overview; the command at hand goes on without it.
        }
    }

    /// <summary>
    /// The checkouts listed that still hold a `.run` folder, sorted: no git is asked, each is two looks at the file system.
    /// The file is rewritten without the others (gone, or lines that are no absolute path) when no writer holds it.
    /// </summary>
    public IReadOnlyList<string> Checkouts()
    {
        var lines = Read();
        var kept = Tidy(lines);
        if (!lines.SequenceEqual(kept, StringComparer.Ordinal))
        {
            Prune();
        }

        return kept;
    }

    /// <summary>
    /// The lines of the file; none when it is missing or is no small regular file (a link, a FIFO that would block, a
    /// megabyte of something else). Read as the engine reads an agent's file, so nothing in the folder can hang a command.
    /// </summary>
    private List<string> Read()
    {
        try
        {
            return [.. AgentFile.Read(ListFile, MaxBytes).Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Rewrites the list tidy, read again under the lock; a process that finds the lock taken leaves it to the writer.</summary>
    private void Prune()
    {
        try
        {
            using var held = FileLock.TryTake(LockFile);
            var lines = held is null ? null : Read();
            if (lines is not null && Tidy(lines) is var kept && !lines.SequenceEqual(kept, StringComparer.Ordinal))
            {
                Write(kept);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A registry that cannot be tidied is read the same way next time.
        }
    }

    private void Write(IEnumerable<string> roots) =>
        AtomicFile.Write(ListFile, string.Concat(roots.Select(r => r + "\n")));

    /// <summary>The roots of <paramref name="lines"/> that still hold a `.run` folder, each once, sorted: the list as it is written.</summary>
    private static List<string> Tidy(IEnumerable<string> lines) =>
        [.. lines.Select(Normal).OfType<string>().Where(HoldsRuns).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The root a line or a caller names, as the list keeps it; null for anything but an absolute path of printable characters.</summary>
    private static string? Normal(string? line)
    {
        if (line is null || !Path.IsPathRooted(line) || line.Any(char.IsControl))
        {
            return null;
        }

        var full = Path.GetFullPath(line);
        return full.Length > 1 ? Path.TrimEndingDirectorySeparator(full) : full;
    }

    private static bool HoldsRuns(string root) => Directory.Exists(Path.Combine(root, ".run"));
}
