using System.Runtime.InteropServices;

namespace Ias.Core.Storage;

/// <summary>
/// Reads a file an agent could have written, as data: never through a symbolic link, only a regular file, without
/// blocking on a FIFO, and never more than a limit. Each refusal is one line naming the file and why.
/// </summary>
/// <remarks>
/// The last part of the path is opened with O_NOFOLLOW and O_NONBLOCK and checked on the open descriptor, so
/// what is read is what was checked. The folders between <c>under</c> and the file are checked not to be links first; a
/// link put there between that check and the open needs a process of the agent's still running, and the box ends every
/// one of them with the turn.
/// </remarks>
public static class AgentFile
{
    private const int Eloop = 40;
    private const int Enoent = 2;
    private const int Enxio = 6;

    /// <summary>Reads <paramref name="path"/> whole if it is a regular file of at most <paramref name="limit"/> bytes.</summary>
    /// <remarks>When <paramref name="under"/> is given, no folder between it and the file may be a symbolic link either.</remarks>
    public static AgentFileRead Read(string path, long limit, string? under = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (under is not null && LinkBetween(Path.GetFullPath(under), Path.GetFullPath(path)) is { } link)
        {
            return AgentFileRead.Refuse($"{path} was not read: {link} is a symbolic link, and ias reads an agent's files only through folders that are not");
        }

        if (OperatingSystem.IsWindows())
        {
            return ReadPortable(path, limit);
        }

        var fd = Libc.Open(path, Libc.ReadOnly | Libc.NoFollow | Libc.NonBlocking | Libc.CloseOnExec);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError() switch
            {
                Enoent => AgentFileRead.Missing,
                Eloop => AgentFileRead.Refuse($"{path} was not read: it is a symbolic link, and ias never follows a link an agent could have made"),
                Enxio => AgentFileRead.Refuse($"{path} was not read: it is a socket or a FIFO, not a regular file"),
                var errno => AgentFileRead.Refuse($"{path} could not be opened (errno {errno}); it was not read"),
            };
        }

        try
        {
            if (FileStat.Of(fd) is not { IsRegularFile: true, Size: var size, Links: var links })
            {
                return AgentFileRead.Refuse($"{path} was not read: it is not a regular file (a FIFO, a device or a folder)");
            }

            // A hard link is a regular file that is also another file, such as a key in the user's home: the agent's own
            // files have one name only.
            if (links > 1)
            {
                return AgentFileRead.Refuse($"{path} was not read: it has {links} hard links, and ias reads an agent's file only when that is its one name");
            }

            if (size > limit)
            {
                return AgentFileRead.Refuse($"{path} was not read: it holds {size} bytes, more than the {limit} an agent's file may");
            }

            return ReadAll(fd, path, limit);
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }

    /// <summary>
    /// The entries of <paramref name="folder"/> that may be files (links and folders among them left out, each with one
    /// line), in name order; nothing when the folder is missing, and nothing but one line when it holds more than
    /// <paramref name="max"/> entries (which of them came first would be the file system's choice, not a rule). The folder itself,
    /// and every folder between <paramref name="under"/> and it, must not be a link. Each entry is still to be read with
    /// <see cref="Read"/>, which refuses anything but a regular file.
    /// </summary>
    public static (IReadOnlyList<string> Files, IReadOnlyList<string> Refused) Entries(string folder, int max, string? under = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var full = Path.GetFullPath(folder);
        var link = (under is not null ? LinkBetween(Path.GetFullPath(under), Path.Combine(full, "x")) : null) ?? (IsLink(full) ? full : null);
        if (link is not null)
        {
            return ([], [$"{Shown(folder)} was not listed: {Shown(link)} is a symbolic link, and ias reads an agent's files only through folders that are not"]);
        }

        if (!Directory.Exists(full))
        {
            return ([], []);
        }

        var files = new List<string>();
        var refused = new List<string>();
        var seen = 0;
        // Listing stops past the limit, so a folder of a million files costs no more than one of max + 1.
        foreach (var entry in new DirectoryInfo(full).EnumerateFileSystemInfos())
        {
            if (++seen > max)
            {
                return ([], [$"{Shown(folder)} was not read: it holds more than {max} entries"]);
            }

            if (entry.LinkTarget is not null)
            {
                refused.Add($"{Shown(entry.FullName)} was not read: it is a symbolic link, and ias never follows a link an agent could have made");
            }
            else if (entry is DirectoryInfo)
            {
                refused.Add($"{Shown(entry.FullName)} was not read: it is a folder, not a file");
            }
            else
            {
                files.Add(entry.FullName);
            }
        }

        files.Sort(StringComparer.Ordinal);
        return (files, refused);
    }

    /// <summary>A name an agent chose, fit for one line: control characters (a newline, an escape) shown as \uXXXX.</summary>
    public static string Shown(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Any(char.IsControl)
            ? string.Concat(name.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()))
            : name;
    }

    /// <summary>Deletes whatever is at <paramref name="path"/> as files: a link there or inside is removed, never followed.</summary>
    public static void Remove(string path)
    {
        var info = new DirectoryInfo(path);
        if (info.LinkTarget is not null)
        {
            info.Delete();
        }
        else if (info.Exists)
        {
            info.Delete(recursive: true);
        }
        else if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>The user id that owns <paramref name="path"/> (not followed if a link), or null when it cannot be looked at.</summary>
    public static int? OwnerOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return FileStat.Of(path) is { } info ? (int)info.Uid : null;
    }

    /// <summary>This process's effective user id.</summary>
    public static int Me => (int)FileStat.Me;

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <summary>The first folder from <paramref name="root"/> (exclusive) down to the file's folder that is a symbolic link; null when none is.</summary>
    private static string? LinkBetween(string root, string file)
    {
        var relative = Path.GetRelativePath(root, Path.GetDirectoryName(file)!);
        if (relative == ".")
        {
            return null;
        }

        var dir = root;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar))
        {
            dir = Path.Combine(dir, part);
            if (new DirectoryInfo(dir) is { Exists: true, LinkTarget: not null } || new FileInfo(dir).LinkTarget is not null)
            {
                return dir;
            }
        }

        return null;
    }

    private static AgentFileRead ReadAll(int fd, string path, long limit)
    {
        var buffer = new byte[(int)Math.Min(limit + 1, 64 * 1024)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > limit)
                {
                    return AgentFileRead.Refuse($"{path} was not read: it grew past the {limit} bytes an agent's file may hold");
                }

                Array.Resize(ref buffer, (int)Math.Min(limit + 1, (long)buffer.Length * 2));
            }

            var read = (int)Libc.Read(fd, ref buffer[total], buffer.Length - total);
            if (read < 0)
            {
                return AgentFileRead.Refuse($"{path} could not be read (errno {Marshal.GetLastPInvokeError()})");
            }

            if (read == 0)
            {
                return total > limit
                    ? AgentFileRead.Refuse($"{path} was not read: it grew past the {limit} bytes an agent's file may hold")
                    : new AgentFileRead(buffer[..total], null);
            }

            total += read;
        }
    }

    private static AgentFileRead ReadPortable(string path, long limit)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return AgentFileRead.Missing;
        }

        return info.LinkTarget is not null ? AgentFileRead.Refuse($"{path} was not read: it is a symbolic link")
            : info.Length > limit ? AgentFileRead.Refuse($"{path} was not read: it holds {info.Length} bytes, more than the {limit} an agent's file may")
            : new AgentFileRead(File.ReadAllBytes(path), null);
    }
}
