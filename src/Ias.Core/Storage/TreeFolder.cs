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
}
