using System.Text.RegularExpressions;

namespace Ias.Core.Git;

/// <summary>The git worktree a run works in, one per branch, so that the person's checkout is never switched, stashed or written.</summary>
/// <remarks>It lives in `.git/ias/worktrees/BRANCH`, and `git worktree list` shows it beside the repository's others.</remarks>
public static partial class RunWorktree
{
    private const string Folder = "ias/worktrees";

    /// <summary>The folder of every worktree ias makes in <paramref name="checkout"/>'s repository.</summary>
    public static string Root(GitCli checkout)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        return Path.Combine(checkout.CommonDir(), Folder);
    }

    /// <summary>Where <paramref name="branch"/>'s worktree lives: under the repository's common git dir, named by the branch.</summary>
    public static string PathFor(GitCli checkout, string branch)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        ArgumentNullException.ThrowIfNull(branch);
        return Path.Combine(checkout.CommonDir(), Folder, branch.Replace('/', '-'));
    }

    /// <summary>The lock a writer of the worktree at <paramref name="path"/> holds while it works there: beside the worktree.</summary>
    public static string LockOf(string path) => path + ".lock";

    /// <summary>A git in <paramref name="branch"/>'s worktree, made first when there is none: on the branch, or a new one from <paramref name="startPoint"/>.</summary>
    /// <remarks>
    /// <paramref name="made"/> says whether the branch was made here. A branch checked out elsewhere (the person's own
    /// checkout) is refused in one line.
    /// </remarks>
    public static GitCli Open(GitCli checkout, string branch, string startPoint, out bool made)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        made = false;
        var path = PathFor(checkout, branch);
        if (File.Exists(Path.Combine(path, ".git")))
        {
            return checkout.At(path); // made by an earlier start, and kept by a halt or a crash
        }

        // Asked of git itself, one command a case: a new branch, else the branch as it is, which git refuses where it is checked out.
        Clear(checkout, path);
        var added = checkout.Try("worktree", "add", "--quiet", "-b", branch, path, startPoint);
        if (added.Ok)
        {
            made = true;
            return checkout.At(path);
        }

        if (!added.Stderr.Contains("already exists", StringComparison.Ordinal))
        {
            throw new GitException("worktree add", added.Stderr.Trim());
        }

        var attached = checkout.Try("worktree", "add", "--quiet", path, branch);
        return attached.Ok ? checkout.At(path)
            : throw new GitException("worktree add", CheckedOutAt().Match(attached.Stderr) is { Success: true } m ? CheckedOut(branch, m.Groups[1].Value) : attached.Stderr.Trim());
    }

    // A folder git no longer knows as a worktree (removed by hand, or left by a kill mid-add) is made again.
    private static void Clear(GitCli checkout, string path)
    {
        if (Directory.Exists(path))
        {
            checkout.Try("worktree", "prune");
            Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>A git in the worktree named <paramref name="name"/> of a run's owner (a plan, a bug run), which switches branches in it itself.</summary>
    /// <remarks>
    /// Made first when there is none: on <paramref name="branch"/> when it is given and free, else detached at
    /// <paramref name="startPoint"/>, which <paramref name="made"/> says.
    /// </remarks>
    public static GitCli OpenOwned(GitCli checkout, string name, string startPoint, string? branch, out bool made)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        made = false;
        var path = PathFor(checkout, name);
        if (File.Exists(Path.Combine(path, ".git")))
        {
            return checkout.At(path);
        }

        Clear(checkout, path);
        if (branch is null || !checkout.Try("worktree", "add", "--quiet", path, branch).Ok)
        {
            checkout.Run("worktree", "add", "--quiet", "--detach", path, startPoint);
            made = true;
        }

        return checkout.At(path);
    }

    /// <summary>The refusal of a run on <paramref name="branch"/> while <paramref name="path"/> has it checked out.</summary>
    public static string CheckedOut(string branch, string path) =>
        $"{branch} is checked out in {path}; switch that checkout to another branch (`git switch -`) and run again: a run works in a worktree of its own";

    /// <summary>Removes <paramref name="branch"/>'s worktree once nothing can resume its run; one left with changes in it stays, and that is said.</summary>
    /// <returns>Null when it is gone (or there was none), else one line saying why it stays.</returns>
    public static string? Remove(GitCli checkout, string branch) => RemoveAt(checkout, PathFor(checkout, branch));

    /// <summary>Removes the worktree at <paramref name="path"/>; with <paramref name="force"/>, with the changes left in it.</summary>
    /// <returns>Null when it is gone (or there was none), else one line saying why it stays and how to remove it anyway.</returns>
    public static string? RemoveAt(GitCli checkout, string path, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        if (!Directory.Exists(path))
        {
            return null;
        }

        var removed = force ? checkout.Try("worktree", "remove", "--force", path) : checkout.Try("worktree", "remove", path);
        return removed.Ok || removed.Stderr.Contains("is not a working tree", StringComparison.Ordinal)
            ? null
            : $"the worktree {path} stays ({removed.Stderr.Trim()}); `ias worktrees remove {Path.GetFileName(path)} --force` removes it with its changes";
    }

    /// <summary>Every worktree of the repository ias made, with its branch (null for a detached one).</summary>
    public static IReadOnlyList<(string Path, string? Branch)> Ours(GitCli checkout)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        var root = Root(checkout);
        return [.. List(checkout).Where(t => t.Path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))];
    }

    /// <summary>Every worktree of the repository, the main one first (`git worktree list --porcelain`).</summary>
    public static IReadOnlyList<(string Path, string? Branch)> List(GitCli checkout)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        var trees = new List<(string, string?)>();
        string? path = null;
        string? branch = null;
        foreach (var line in checkout.Run("worktree", "list", "--porcelain").Split('\n'))
        {
            if (line.StartsWith("worktree ", StringComparison.Ordinal))
            {
                path = line["worktree ".Length..];
                branch = null;
            }
            else if (line.StartsWith("branch refs/heads/", StringComparison.Ordinal))
            {
                branch = line["branch refs/heads/".Length..];
            }
            else if (line.Length == 0 && path is not null)
            {
                trees.Add((path, branch));
                path = null;
            }
        }

        if (path is not null)
        {
            trees.Add((path, branch));
        }

        return trees;
    }

    // git's refusal of a branch another work tree has: "'B' is already checked out at '/path'" (or "used by worktree at").
    [GeneratedRegex("already (?:checked out|used by worktree) at '([^']+)'")]
    private static partial Regex CheckedOutAt();
}
