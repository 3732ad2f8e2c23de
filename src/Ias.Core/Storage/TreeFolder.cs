namespace Ias.Core.Storage;

/// <summary>
/// A folder of the work tree that ias writes its own files into (a2a feedback, decision records): an agent can put a link
/// anywhere in the tree, so ias writes only when every folder from the repository root down is a real folder, and makes
/// the missing ones itself, writable by their owner alone.
/// </summary>
public static class TreeFolder
{
    /// <summary>rwxr-xr-x: a folder of the repository, readable as any other, that no other user can write.</summary>
    public const UnixFileMode Mode = OwnerOnly.FolderMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>
    /// Makes <paramref name="relative"/> (relative to <paramref name="root"/>) ready to write in: null when it is, or one line
    /// saying which part is a link or not a folder, and what to do.
    /// </summary>
    public static string? Ensure(string root, string relative)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(relative);
        var dir = Path.GetFullPath(root);
        var shown = "";
        foreach (var part in relative.Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries))
        {
            dir = Path.Combine(dir, part);
            shown = shown.Length == 0 ? part : $"{shown}/{part}";
            var info = new FileInfo(dir);
            if (info.LinkTarget is not null)
            {
                return AgentFile.Shown($"{shown} is a symbolic link, and ias writes its files in the work tree only through real folders; remove it (`rm {shown}`) and run ias again");
            }

            if (info.Exists)
            {
                return AgentFile.Shown($"{shown} is a file where ias keeps a folder; move it away and run ias again");
            }

            if (!Directory.Exists(dir))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(dir);
                }
                else
                {
                    Directory.CreateDirectory(dir, Mode);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Why another user of the machine could change what ias finds at <paramref name="relative"/>: a folder from
    /// <paramref name="root"/> down to it (the root included) that another user owns, or that others may write (a shared
    /// /tmp-like folder with its sticky bit aside); null when none is.
    /// </summary>
    public static string? OpenToOthers(string root, string relative)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(relative);
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var dir = Path.GetFullPath(root);
        foreach (var part in relative.Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries).Prepend(""))
        {
            dir = part.Length == 0 ? dir : Path.Combine(dir, part);
            if (!Directory.Exists(dir))
            {
                return null;
            }

            if (AgentFile.OwnerOf(dir) is { } owner && owner != AgentFile.Me)
            {
                return AgentFile.Shown($"{dir} belongs to another user (uid {owner}), who could have put anything there; use a checkout of your own");
            }

            var mode = File.GetUnixFileMode(dir);
            if ((mode & UnixFileMode.OtherWrite) != 0 && (mode & UnixFileMode.StickyBit) == 0)
            {
                return AgentFile.Shown($"{dir} can be written by every user of this machine, who could swap what ias reads there; make it yours alone (`chmod o-w {dir}`) and run ias again");
            }
        }

        return null;
    }
}
