using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Preflight;
using Ias.Core.Git;

namespace Ias.Core.Cycles.Engine;

/// <summary>The worktree of a run's owner (a sprint plan, a bug run), named by its id: its runs switch branches there, never in the checkout.</summary>
internal static class OwnerTree
{
    /// <summary><paramref name="ctx"/> with its git in <paramref name="id"/>'s worktree, made from the checkout's last commit; said in a line.</summary>
    /// <remarks>
    /// <paramref name="start"/>: what pre-flight found in the checkout, for the changes a new worktree leaves out;
    /// <paramref name="branch"/>: the branch a resumed owner's run works on, taken when its worktree must be made again.
    /// </remarks>
    public static EngineContext Open(EngineContext ctx, string id, PreflightPlan? start, string? branch = null)
    {
        GitCli tree;
        bool made;
        try
        {
            tree = RunWorktree.OpenOwned(ctx.Git, id, "HEAD", branch, out made);
        }
        catch (GitException e)
        {
            throw RunTree.Refusal(ctx, e);
        }

        RunTree.Say(ctx, tree, $"{id} works", made ? start : null);
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
