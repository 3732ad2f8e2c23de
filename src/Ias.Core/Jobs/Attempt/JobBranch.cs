using Ias.Core.Decisions;
using Ias.Core.Git;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Attempt;

/// <summary>
/// A writing job's own branch on a shared queue, `ias/RUN/JOB`: started from the job's base branch as the origin remote has
/// it now, pushed there when the job's commit is made, and looked for there first, so a job whose runner died after
/// pushing is recorded from that commit instead of being done twice. Runners on other machines never share a work tree,
/// so no writing job waits for another.
/// </summary>
public sealed class JobBranch(GitCli git, Job job, string commitPrefix)
{
    private const string Remote = "origin";

    /// <summary>The branch's name: ias/RUN/JOB.</summary>
    public string Name { get; } = NameOf(job);

    /// <summary>The name of <paramref name="job"/>'s own branch on a team's queue: ias/RUN/JOB.</summary>
    public static string NameOf(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return $"ias/{job.Run}/{job.Id}";
    }

    /// <summary>
    /// Fetches the base and any earlier push of this branch; returns the job's commit when an earlier attempt pushed it (or
    /// committed it here and died before pushing: it is pushed now). Otherwise puts work the tree still holds from a killed
    /// attempt into a stash (kept, never dropped), switches to the branch made afresh from the base, and returns null.
    /// </summary>
    public (string Sha, string Parent)? Start(Action<string> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var baseBranch = job.Base ?? throw new QueueException($"job {job.Id} names no base branch: enqueue it again from a checkout of the branch it should start from");
        git.Run("fetch", "--quiet", Remote, $"+refs/heads/{baseBranch}:refs/remotes/{Remote}/{baseBranch}");
        if (git.Try("fetch", "--quiet", Remote, $"+refs/heads/{Name}:refs/remotes/{Remote}/{Name}").Ok && JobCommit($"refs/remotes/{Remote}/{Name}") is { } pushed)
        {
            return pushed;
        }

        if (JobCommit($"refs/heads/{Name}") is { } committed)
        {
            git.Push(Remote, Name);
            return committed;
        }

        // The records of questions asked here stay in the tree, for the next commit, as a run's do.
        if (git.Uncommitted(DecisionRecordFile.IsRecord) is { } left)
        {
            git.Run("stash", "push", "--include-untracked", "--quiet", "-m", $"ias: left in the tree before job {job.Id} ({left})", "--", ".", $":(exclude){DecisionRecordFile.Folder}");
            progress($"job {job.Id}: the tree held work a stopped attempt left ({left}); kept in `git stash list`");
        }

        git.Run("switch", "--quiet", "--force-create", Name, $"refs/remotes/{Remote}/{baseBranch}");
        return null;
    }

    /// <summary>Pushes the branch with the job's commit (a plain push: a branch another runner pushed first is never overwritten).</summary>
    public void Push() => git.Push(Remote, Name);

    // The tip of REF when it is this job's commit: the subject starts with the job's prefix.
    private (string Sha, string Parent)? JobCommit(string reference)
    {
        var tip = git.Try("log", "-n", "1", "--format=%H%x09%P%x09%s", reference, "--");
        if (!tip.Ok || tip.Stdout.Trim().Split('\t', 3) is not [var sha, var parents, var subject] || !subject.StartsWith(commitPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        return (sha, parents.Split(' ')[0]);
    }
}
