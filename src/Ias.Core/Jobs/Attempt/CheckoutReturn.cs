using Ias.Core.Decisions;
using Ias.Core.Git;
using Ias.Core.Jobs.Records;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Attempt;

/// <summary>
/// Where a shared queue's runner found its checkout before a writing job switched it to the job's own branch, and the way
/// back there after the job, whatever its end: the next `ias enqueue` in that checkout then starts from the person's
/// branch, never from the job's (whose branch no other runner could fetch before it is pushed). The branch is written to
/// `.run/queue/RUN.return` while the job has the checkout, so a runner killed meanwhile (kill -9, a crash, a reboot) leaves
/// the way back to the next runner of the checkout, which takes it as it starts (<see cref="Resume"/>).
/// </summary>
public sealed class CheckoutReturn
{
    // A branch name, with room to spare: a longer file is not one ias wrote.
    private const long MaxBytes = 4096;

    private readonly GitCli _git;
    private readonly string _branch;
    private readonly string _record;

    private CheckoutReturn(GitCli git, string branch, string record)
    {
        _git = git;
        _branch = branch;
        _record = record;
    }

    /// <summary>
    /// The branch the checkout is on now, recorded until the job gives it back; null on a detached HEAD, where there is no
    /// branch to return to. A checkout a killed runner's job left on that job's branch returns where that job found it.
    /// </summary>
    public static CheckoutReturn? From(GitCli git, QueuePaths paths)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(paths);
        var current = git.CurrentBranch();
        var branch = current is not null && JobBase.IsJobBranch(current) && Recorded(paths) is { } before ? before : current;
        if (branch is null)
        {
            return null;
        }

        AtomicFile.Write(paths.CheckoutReturn, branch + "\n");
        return new CheckoutReturn(git, branch, paths.CheckoutReturn);
    }

    /// <summary>
    /// As a runner starts, holding its run: a checkout that a killed runner's writing job left on the job's branch goes back
    /// to the branch recorded before that job, as <see cref="Return"/> would have taken it, unless another writer holds the
    /// checkout now (a person's `ias drop-in`, a sprint), when it stays and the record waits for the next runner.
    /// </summary>
    public static void Resume(GitCli git, QueuePaths paths, TimeProvider clock, Action<string> progress)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(progress);
        if (Recorded(paths) is not { } branch)
        {
            return;
        }

        // A person who switched the checkout since chose where it is.
        if (git.CurrentBranch() is not { } current || !JobBase.IsJobBranch(current))
        {
            Forget(paths.CheckoutReturn);
            return;
        }

        var job = current[(current.LastIndexOf('/') + 1)..];
        var now = clock.GetUtcNow();
        var writer = new CheckoutWriter($"a queue runner of run {paths.Run} switching the checkout back", Environment.ProcessId, now, "wait for it");
        using var checkout = CheckoutLock.TryTake(new RunPaths(paths.RepoRoot), writer, out var holder);
        if (checkout is null)
        {
            progress($"the checkout stays on {current}, where the runner killed during job {job} left it: {holder?.Describe(now) ?? "another writer holds it"}; the next runner switches it back to {branch}");
            return;
        }

        progress($"the checkout goes back to {branch}: the runner killed during job {job} left it on {current}");
        new CheckoutReturn(git, branch, paths.CheckoutReturn).Return(job, progress);
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
            if (_git.CurrentBranch() != _branch)
            {
                // The records of questions asked here are not the job's work: they stay in the tree, for the job's next commit.
                if (_git.Uncommitted(DecisionRecordFile.IsRecord) is { } left)
                {
                    _git.Run("stash", "push", "--include-untracked", "--quiet", "-m", $"ias: left in the tree by job {job} ({left})", "--", ".", $":(exclude){DecisionRecordFile.Folder}");
                    progress($"job {job}: the tree held work its attempt left ({left}); kept in `git stash list`");
                }

                _git.Run("switch", "--quiet", _branch);
            }

            Forget(_record);
        }
        catch (GitException e)
        {
            progress($"job {job}: the checkout stays off {_branch} ({e.Message}): go back with `git switch {_branch}` before you enqueue there");
        }
    }

    // `.run/` removed under the runner (by a person, say) takes the record with it.
    private static void Forget(string record)
    {
        try
        {
            File.Delete(record);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>The branch recorded before a writing job switched the checkout, if a record is there.</summary>
    private static string? Recorded(QueuePaths paths) =>
        AgentFile.Read(paths.CheckoutReturn, MaxBytes).Text.Trim() is { Length: > 0 } branch && !branch.Contains('\n', StringComparison.Ordinal) ? branch : null;
}
