using System.Globalization;
using Ias.Core.Storage;

namespace Ias.Core.Sandbox;

/// <summary>The workspace's size limit (ias.sandbox.workspace_mb), checked after each writing turn, and what a run that ends leaves of it.</summary>
public sealed partial class Workspace
{
    /// <summary>The most disk the workspace may take: the box's limit, which no single file written in a box may pass either.</summary>
    public long LimitBytes => _box.Layout.Limits.WorkspaceBytes;

    /// <summary>
    /// Null when the workspace takes no more than <see cref="LimitBytes"/>; else the workspace is removed (links removed, never
    /// followed, so the disk is free at once) and the answer is the one line that says so for <paramref name="who"/>'s turn.
    /// </summary>
    /// <remarks>
    /// Counted as `du` does: allocated blocks, links not followed, so a sparse file counts what it holds. Nothing of the turn is
    /// taken then: its change would come from a workspace that broke the limit. The next turn makes the workspace again.
    /// </remarks>
    public string? Overflow(string who)
    {
        var used = DiskUsage.Of(Path, stopAbove: LimitBytes);
        if (used <= LimitBytes)
        {
            return null;
        }

        Remove();
        return string.Create(CultureInfo.InvariantCulture,
            $"the {who}'s workspace {Path} took more than ias.sandbox.workspace_mb ({LimitBytes / (1024 * 1024)} MiB), so nothing of the turn was taken and the workspace was removed: raise the limit in .loa.config.yaml if the work needs more");
    }

    /// <summary>
    /// What a run that ended leaves of its workspace <paramref name="name"/> in <paramref name="repoRoot"/>'s checkout: nothing
    /// when it can no longer be resumed; when it can, only its `.git` (its refs and config; the objects are the checkout's).
    /// </summary>
    /// <remarks>
    /// Every turn's change is in the checkout (or kept in its job folder) once the turn ends, and the next turn's sync checks
    /// the tree out again from the checkout, so the files are not needed to resume: only the build caches are lost.
    /// </remarks>
    public static void End(string repoRoot, string name, bool resumable) => EndAt(System.IO.Path.Combine(Root(repoRoot), "w-" + Safe(name)), resumable);

    /// <summary>What a run that ended leaves of the workspace at <paramref name="path"/> (see <see cref="End"/>).</summary>
    internal static void EndAt(string path, bool resumable)
    {
        try
        {
            var folder = new DirectoryInfo(path);
            if (!resumable || folder.LinkTarget is not null || !folder.Exists)
            {
                AgentFile.Remove(path);
                return;
            }

            foreach (var entry in Directory.GetFileSystemEntries(path).Where(e => System.IO.Path.GetFileName(e) != ".git"))
            {
                AgentFile.Remove(entry);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A workspace that cannot be removed now is removed or made again by the run's next turn, or by a person.
        }
    }
}
