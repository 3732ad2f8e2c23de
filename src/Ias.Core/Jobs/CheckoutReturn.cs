using Ias.Core.Decisions;
using Ias.Core.Git;

namespace Ias.Core.Jobs;

/// <summary>
/// Where a shared queue's runner found its checkout before a writing job switched it to the job's own branch, and the way
/// back there after the job, whatever its end: the next `ias enqueue` in that checkout then starts from the person's
/// branch, never from the job's (whose branch no other runner could fetch before it is pushed).
/// </summary>
public sealed class CheckoutReturn
{
    private readonly GitCli _git;
    private readonly string _branch;

    private CheckoutReturn(GitCli git, string branch)
    {
        _git = git;
        _branch = branch;
    }

    /// <summary>The branch the checkout is on now; null on a detached HEAD, where there is no branch to return to.</summary>
    public static CheckoutReturn? From(GitCli git)
    {
        ArgumentNullException.ThrowIfNull(git);
        return git.CurrentBranch() is { } branch ? new CheckoutReturn(git, branch) : null;
    }

    /// <summary>
    /// Switches back to the branch, the work a stopped attempt left in the tree first put in `git stash` (kept, never dropped)
    /// so none of it lands on the person's branch; says in one line when git refused, and how to go back by hand.
    /// </summary>
    public void Return(string job, Action<string> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        try
        {
            if (_git.CurrentBranch() == _branch)
            {
                return;
            }

            // The records of questions asked here are not the job's work: they stay in the tree, for the job's next commit.
            if (_git.Uncommitted(DecisionRecordFile.IsRecord) is { } left)
            {
                _git.Run("stash", "push", "--include-untracked", "--quiet", "-m", $"ias: left in the tree by job {job} ({left})", "--", ".", $":(exclude){DecisionRecordFile.Folder}");
                progress($"job {job}: the tree held work its attempt left ({left}); kept in `git stash list`");
            }

            _git.Run("switch", "--quiet", _branch);
        }
        catch (GitException e)
        {
            progress($"job {job}: the checkout stays off {_branch} ({e.Message}): go back with `git switch {_branch}` before you enqueue there");
        }
    }
}
