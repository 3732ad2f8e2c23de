using Ias.Core.Storage;

namespace Ias.Core.Sandbox;

/// <summary>
/// The user's sockets the box hides: the session's runtime folder (`$XDG_RUNTIME_DIR`, `/run/user`: ssh and gpg agents, the
/// session bus) and each socket file under /run (a database's, docker's). What stays reachable is what no file names:
/// abstract sockets and loopback TCP, since the box keeps the network.
/// </summary>
public static class BoxSockets
{
    private const int MaxDepth = 4;

    /// <summary>Folders covered by an empty tmpfs.</summary>
    public static IEnumerable<string> Folders()
    {
        if (Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 1 } runtime && Path.IsPathRooted(runtime))
        {
            yield return Path.GetFullPath(runtime);
        }

        yield return "/run/user";
    }

    /// <summary>Socket files under /run, found without following links, outside <see cref="Folders"/>.</summary>
    public static IEnumerable<string> Files() => Sockets("/run", 0).Where(s => !Folders().Any(f => s.StartsWith(f + "/", StringComparison.Ordinal)));

    private static IEnumerable<string> Sockets(string dir, int depth)
    {
        IEnumerable<FileSystemInfo> entries;
        try
        {
            entries = [.. new DirectoryInfo(dir).EnumerateFileSystemInfos()];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var entry in entries)
        {
            if (entry.LinkTarget is not null)
            {
                continue;
            }

            if (entry is DirectoryInfo && depth < MaxDepth)
            {
                foreach (var s in Sockets(entry.FullName, depth + 1))
                {
                    yield return s;
                }
            }
            else if (entry is FileInfo && FileStat.IsSocket(entry.FullName))
            {
                yield return entry.FullName;
            }
        }
    }
}
