using Ias.Core.Git;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Attempt;

/// <summary>Where a writing job works: a worktree of the repository on the job's branch, never the person's checkout.</summary>
/// <remarks>
/// On a team's queue the branch is the job's own, `ias/RUN/JOB` (<see cref="JobBranch"/>); on a checkout's own queue the
/// run's, `ias/queue/RUN`, which the run's writing jobs take in turn, each building on the last.
/// </remarks>
public static class JobTree
{
    /// <summary>The branch a checkout's own queue run's writing jobs commit on: ias/queue/RUN.</summary>
    public static string RunBranch(string run) => $"ias/queue/{run}";

    /// <summary>The branch <paramref name="job"/> commits on.</summary>
    public static string BranchOf(Job job, bool shared)
    {
        ArgumentNullException.ThrowIfNull(job);
        return shared ? JobBranch.NameOf(job) : RunBranch(job.Run);
    }

    /// <summary>The lock a writer on <paramref name="job"/>'s branch holds (the job, a person's drop-in to it): beside the worktree.</summary>
    public static string LockOf(GitCli checkout, Job job, bool shared) => RunWorktree.LockOf(RunWorktree.PathFor(checkout, BranchOf(job, shared)));

    /// <summary>The folder <paramref name="job"/> works in: its worktree while one is there, else the checkout (a reading job's).</summary>
    public static string RootOf(string checkout, Job job, bool shared)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!job.Writes)
        {
            return checkout;
        }

        try
        {
            var path = RunWorktree.PathFor(new GitCli(checkout), BranchOf(job, shared));
            return File.Exists(Path.Combine(path, ".git")) ? path : checkout;
        }
        catch (GitException)
        {
            return checkout; // no repository there (yet): nothing of the job's is kept in a worktree
        }
    }
}
