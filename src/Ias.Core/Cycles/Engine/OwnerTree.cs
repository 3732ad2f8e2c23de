using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Git;

namespace Ias.Core.Cycles.Engine;

/// <summary>The worktree of a run's owner (a sprint plan, a bug run), named by its id: its runs switch branches there, never in the checkout.</summary>
internal static class OwnerTree
{
    /// <summary><paramref name="ctx"/> with its git in <paramref name="id"/>'s worktree, made from the checkout's last commit; said in a line.</summary>
    /// <remarks><paramref name="branch"/>: the branch a resumed owner's run works on, taken when its worktree must be made again.</remarks>
    public static EngineContext Open(EngineContext ctx, string id, string? branch = null)
    {
        var checkout = ctx.Git;
        var head = checkout.HeadSha() ?? throw new RunModeException($"{ctx.RepoRoot} has no commit yet: commit something, then run again");
        var made = !Directory.Exists(RunWorktree.PathFor(checkout, id));
        GitCli tree;
        try
        {
            tree = RunWorktree.OpenOwned(checkout, id, head, branch);
        }
        catch (GitException e)
        {
            throw new RunModeException($"cannot make the worktree of {id}: {e.GitMessage}");
        }

        if (made && branch is null && checkout.DirtyPaths().Count > 0)
        {
            ctx.Progress($"your uncommitted changes are not part of this run; it starts from {checkout.CurrentBranch() ?? "HEAD"} at {head[..7]}");
        }

        ctx.Progress($"{id} works in {tree.RepoRoot}");
        return ctx with { Git = tree };
    }

    /// <summary>Gives back <paramref name="id"/>'s worktree once nothing can resume it; one left with changes stays, and that is said.</summary>
    public static void End(GitCli checkout, string id, Action<string> progress)
    {
        if (RunWorktree.Remove(checkout, id) is { } stays)
        {
            progress(stays);
        }
    }
}
