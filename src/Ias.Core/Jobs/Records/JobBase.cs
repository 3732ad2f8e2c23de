using Ias.Core.Git;
using Ias.Core.Jobs.Attempt;

namespace Ias.Core.Jobs.Records;

/// <summary>
/// The branch a shared queue's writing job starts its own branch from, as `origin` has it: the branch the job was
/// enqueued from. A job's own branch is no base (its work is under review, not the team's), and neither is a branch
/// `origin` lacks (every runner fetches the base from there), so such a checkout is refused at intake, before any job
/// could fail on it.
/// </summary>
public static class JobBase
{
    private const string Remote = "origin";

    /// <summary>Whether <paramref name="branch"/> is a job's own branch, ias/RUN/JOB (see <see cref="JobBranch"/>).</summary>
    public static bool IsJobBranch(string branch)
    {
        ArgumentNullException.ThrowIfNull(branch);
        // A job's id is its number (four digits or more) and its role: 0001-implementer.
        if (branch.Split('/') is not ["ias", var run, var job] || QueuePaths.NameProblem(run) is not null)
        {
            return false;
        }

        var dash = job.IndexOf('-', StringComparison.Ordinal);
        return dash >= 4 && dash < job.Length - 1 && job[..dash].All(char.IsAsciiDigit);
    }

    /// <summary>Null when <paramref name="branch"/> may be a base; otherwise why not and what to do, in one line.</summary>
    public static string? Problem(GitCli git, string branch)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(branch);
        if (IsJobBranch(branch))
        {
            return $"the checkout is on {branch}, a job's own branch, which is no base for new jobs: switch to the branch the jobs should start from (`git switch main`, say) and enqueue again";
        }

        var remote = git.Try("ls-remote", "--exit-code", "--heads", Remote, $"refs/heads/{branch}");
        if (remote.Ok)
        {
            return null;
        }

        // ls-remote --exit-code exits 2 when the remote answered and has no such branch.
        return remote.ExitCode == 2
            ? $"branch {branch} is not on {Remote}, where every runner starts a job's branch from its base: push it first (`git push -u {Remote} {branch}`) or switch to a branch that is, and enqueue again"
            : $"cannot ask {Remote} whether it has branch {branch}, the jobs' base ({Said(remote)}): check the remote with `git ls-remote {Remote}` and enqueue again";
    }

    private static string Said(GitResult r) =>
        r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()?.Replace("fatal: ", "", StringComparison.Ordinal)
            ?? $"git exited with {r.ExitCode}";
}
