using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Preflight;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;

namespace Ias.Core.Cycles.Engine;

/// <summary>The worktree a run of its own works in, so the person's checkout is never switched, stashed or written.</summary>
internal sealed class RunTree
{
    // The checkout and the worktree this start or resume moved the run's git to; null while it works in the checkout.
    private (GitCli Checkout, string Path)? _tree;

    /// <summary>A git in <paramref name="branch"/>'s worktree, made from the checkout's last commit for a new branch.</summary>
    /// <remarks>Said in a line, with the uncommitted changes pre-flight found in the checkout (<paramref name="start"/>), which a new branch leaves out.</remarks>
    public GitCli Open(EngineContext ctx, string branch, PreflightPlan? start)
    {
        var checkout = ctx.Git;
        GitCli tree;
        bool made;
        try
        {
            tree = RunWorktree.Open(checkout, branch, "HEAD", out made);
        }
        catch (GitException e)
        {
            throw Refusal(ctx, e);
        }

        Say(ctx, tree, $"the run works on {branch}", made ? start : null);
        _tree = (checkout, tree.RepoRoot);
        return tree;
    }

    /// <summary>git's refusal to make a worktree, as a run's one line: a repository without a commit says what to do.</summary>
    internal static RunModeException Refusal(EngineContext ctx, GitException e) =>
        new(e.GitMessage.Contains("invalid reference: HEAD", StringComparison.Ordinal)
            ? $"{ctx.RepoRoot} has no commit yet: commit something, then run again"
            : e.GitMessage);

    /// <summary>Where the work goes on (<paramref name="works"/> in the tree), after what a tree new from the checkout's last commit leaves out.</summary>
    internal static void Say(EngineContext ctx, GitCli tree, string works, PreflightPlan? madeFrom)
    {
        if (madeFrom is { Uncommitted: > 0 })
        {
            ctx.Progress($"your uncommitted changes are not part of this run; it starts from {madeFrom.CurrentBranch} at {tree.HeadSha()![..7]}");
        }

        ctx.Progress($"{works} in {tree.RepoRoot}");
    }

    /// <summary>Moves a resume of <paramref name="run"/> to its worktree, unless the checkout is on the run's branch.</summary>
    /// <remarks>
    /// A run an older ias started on the checkout's own branch goes on where it is; an owner's sprint
    /// (<paramref name="ownerHeld"/>) where its owner put it; a run that is over is refused later, and gets none.
    /// </remarks>
    public void Resume(EngineContext ctx, RunSnapshot run, Action<GitCli> workIn, bool ownerHeld)
    {
        if (ownerHeld || run.State is RunState.JackedOut or RunState.ReadyForHitl || ctx.Git.CurrentBranch() == run.Branch)
        {
            return;
        }

        if (!ctx.Git.BranchExists(run.Branch))
        {
            throw new RunModeException($"branch {run.Branch} of run {run.RunId} is gone; `ias run-halt --jack-out` ends the run, then start a new one");
        }

        workIn(Open(ctx, run.Branch, start: null));
    }

    /// <summary>A run nothing can resume any more gives its worktree back; one a halt or a crash left stays for the resume.</summary>
    public RunSnapshot End(RunSnapshot run, Action<string> progress)
    {
        if (_tree is { } tree && run.State is RunState.Complete or RunState.ReadyForHitl or RunState.JackedOut
            && RunWorktree.RemoveAt(tree.Checkout, tree.Path) is { } stays)
        {
            progress(stays);
        }

        return run;
    }

    /// <summary>A run ended without a start or resume (a jack-out) gives back the worktree its branch may have.</summary>
    public RunSnapshot EndOf(GitCli checkout, RunSnapshot run, Action<string> progress)
    {
        _tree = (checkout, RunWorktree.PathFor(checkout, run.Branch));
        return End(run, progress);
    }
}
