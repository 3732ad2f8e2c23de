using Ias.Core.Git;
using Ias.Core.Jobs.Records;

namespace Ias.Core.Jobs.Attempt;

/// <summary>A writing job's own branch on a shared queue, `ias/RUN/JOB`, in a worktree of its own, from its base on origin and pushed there.</summary>
/// <remarks>
/// The branch is looked for on origin first, so a job whose runner died after pushing is recorded from that commit instead
/// of being done twice. The checkout is never switched.
/// </remarks>
public sealed class JobBranch(GitCli checkout, Job job, string commitPrefix)
{
    private const string Remote = "origin";

    /// <summary>The branch's name: ias/RUN/JOB.</summary>
    public string Name { get; } = NameOf(job);

    /// <summary>The worktree the job works in, once <see cref="Start"/> opened it.</summary>
    public GitCli? Tree { get; private set; }

    /// <summary>The name of <paramref name="job"/>'s own branch on a team's queue: ias/RUN/JOB.</summary>
    public static string NameOf(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return $"ias/{job.Run}/{job.Id}";
    }

    /// <summary>The job's commit when an earlier attempt made it; otherwise null, with the job's worktree open in <see cref="Tree"/>.</summary>
    /// <remarks>
    /// Fetches the base and any earlier push of this branch. A commit made here by a runner that died before pushing is
    /// pushed now. The worktree is the one a stopped attempt left, whose work goes on, or a new one on the branch made from the base.
    /// </remarks>
    public (string Sha, string Parent)? Start()
    {
        var baseBranch = job.Base ?? throw new QueueException($"job {job.Id} names no base branch: enqueue it again from a checkout of the branch it should start from");
        checkout.Run("fetch", "--quiet", Remote, $"+refs/heads/{baseBranch}:refs/remotes/{Remote}/{baseBranch}");
        if (checkout.Try("fetch", "--quiet", Remote, $"+refs/heads/{Name}:refs/remotes/{Remote}/{Name}").Ok && JobCommit($"refs/remotes/{Remote}/{Name}") is { } pushed)
        {
            return pushed;
        }

        if (JobCommit($"refs/heads/{Name}") is { } committed)
        {
            checkout.Push(Remote, Name);
            return committed;
        }

        Tree = RunWorktree.Open(checkout, Name, $"refs/remotes/{Remote}/{baseBranch}", out _);
        return null;
    }

    /// <summary>Pushes the branch with the job's commit (a plain push: a branch another runner pushed first is never overwritten).</summary>
    public void Push() => checkout.Push(Remote, Name);

    // The tip of REF when it is this job's commit: the subject starts with the job's prefix.
    private (string Sha, string Parent)? JobCommit(string reference)
    {
        var tip = checkout.Try("log", "-n", "1", "--format=%H%x09%P%x09%s", reference, "--");
        if (!tip.Ok || tip.Stdout.Trim().Split('\t', 3) is not [var sha, var parents, var subject] || !subject.StartsWith(commitPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        return (sha, parents.Split(' ')[0]);
    }
}
