namespace Ias.Core.Storage;

/// <summary>How much disk a folder takes: the allocated blocks of everything in it, links never followed, as `du` counts.</summary>
/// <remarks>
/// A sparse file counts what it holds, not the size it says; a file with many names counts once per name, which can only
/// overstate. The walk stops once past <c>stopAbove</c>: a folder of a million files over the limit costs no more than the limit.
/// </remarks>
internal static class DiskUsage
{
    private static readonly EnumerationOptions OneLevel = new() { IgnoreInaccessible = true, AttributesToSkip = 0, RecurseSubdirectories = false };

    /// <summary>The bytes <paramref name="root"/> takes, its top-level <paramref name="skip"/> left out; a number past <paramref name="stopAbove"/> once the walk passed it.</summary>
    public static long Of(string root, long stopAbove = long.MaxValue, string? skip = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var total = FileStat.Allocated(root, out var folder);
        var folders = new Stack<string>();
        if (folder)
        {
            folders.Push(root);
        }

        while (folders.Count > 0 && total <= stopAbove)
        {
            var dir = folders.Pop();
            string[] entries;
            try
            {
                entries = Directory.GetFileSystemEntries(dir, "*", OneLevel);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (skip is not null && dir == root && Path.GetFileName(entry) == skip)
                {
                    continue;
                }

                total += FileStat.Allocated(entry, out var sub);
                if (sub)
                {
                    folders.Push(entry);
                }
            }
        }

        return total;
    }
}
