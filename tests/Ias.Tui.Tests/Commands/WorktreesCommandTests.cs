using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Git;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;
using Ias.Tui.Commands;

namespace Ias.Tui.Tests.Commands;

/// <summary>`ias worktrees`: the worktrees runs left, one line each, and removing one, never under a live engine or over changes untold.</summary>
public sealed class WorktreesCommandTests
{
    [Fact]
    public void With_none_it_says_why_there_are_none()
    {
        using var repo = new GitRepo();

        Assert.Equal("no worktrees: no run works here, or each gave its worktree back when it ended\n", WorktreesCommand.List(new RunPaths(repo.Path)));
    }

    [Fact]
    public void Each_worktree_is_a_line_with_its_name_branch_changes_and_folder_and_a_plans_is_detached()
    {
        using var repo = new GitRepo();
        var run = RunWorktree.Open(repo.Git, "feature/sprint-1", "HEAD", out _);
        var plan = RunWorktree.OpenOwned(repo.Git, "plan-1", "HEAD", branch: null, out _);
        File.WriteAllText(Path.Combine(run.RepoRoot, "left.txt"), "uncommitted\n");

        var lines = WorktreesCommand.List(new RunPaths(repo.Path)).TrimEnd().Split('\n');

        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("feature-sprint-1 ", StringComparison.Ordinal) && l.Contains(" feature/sprint-1 ", StringComparison.Ordinal)
            && l.Contains(" 1 change(s) ", StringComparison.Ordinal) && l.EndsWith(run.RepoRoot, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("plan-1 ", StringComparison.Ordinal) && l.Contains(" (detached) ", StringComparison.Ordinal)
            && l.Contains(" clean ", StringComparison.Ordinal) && l.EndsWith(plan.RepoRoot, StringComparison.Ordinal));
    }

    [Fact]
    public void Remove_refuses_changes_untold_takes_them_with_force_and_keeps_the_branch()
    {
        using var repo = new GitRepo();
        var run = RunWorktree.Open(repo.Git, "feature/sprint-1", "HEAD", out _);
        File.WriteAllText(Path.Combine(run.RepoRoot, "left.txt"), "uncommitted\n");
        var paths = new RunPaths(repo.Path);

        var refused = Assert.Throws<RunModeException>(() => WorktreesCommand.Remove(paths, "feature/sprint-1", force: false));
        Assert.StartsWith($"the worktree {run.RepoRoot} stays (", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("`ias worktrees remove feature-sprint-1 --force` removes it with its changes", refused.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(run.RepoRoot));

        var removed = WorktreesCommand.Remove(paths, "feature-sprint-1", force: true);

        Assert.Equal($"removed {run.RepoRoot}; branch feature/sprint-1 stays, and `ias run-resume` makes the worktree again", removed);
        Assert.False(Directory.Exists(run.RepoRoot));
        Assert.True(repo.Git.BranchExists("feature/sprint-1"));
    }

    [Fact]
    public void Remove_is_refused_for_a_name_it_does_not_know_and_while_an_engine_works()
    {
        using var repo = new GitRepo();
        var run = RunWorktree.Open(repo.Git, "feature/sprint-1", "HEAD", out _);
        var paths = new RunPaths(repo.Path);
        paths.EnsureCreated();

        var unknown = Assert.Throws<RunModeException>(() => WorktreesCommand.Remove(paths, "feature/sprint-9", force: false));
        Assert.Equal("no worktree of ias is named feature/sprint-9 or on branch feature/sprint-9; `ias worktrees` lists them", unknown.Message);
        using (EngineLock.TryAcquire(paths.EngineLock, "a test's engine", out _))
        {
            var busy = Assert.Throws<RunModeException>(() => WorktreesCommand.Remove(paths, "feature/sprint-1", force: true));
            Assert.Equal("an engine (a test's engine) is working in this repository; halt it with `ias run-halt` first, then remove feature/sprint-1", busy.Message);
            Assert.StartsWith("an engine (a test's engine) is working in this repository\n", WorktreesCommand.List(paths), StringComparison.Ordinal);
        }

        Assert.True(Directory.Exists(run.RepoRoot));
    }

    [Fact]
    public void Remove_is_refused_while_a_queues_writing_job_holds_its_branch()
    {
        using var repo = new GitRepo();
        var tree = RunWorktree.Open(repo.Git, "ias/queue/night", "HEAD", out _);
        var paths = new RunPaths(repo.Path);
        var writer = new CheckoutWriter("a queue runner of run night at job 0001-implementer", 4242, null, "stop it with `ias stop --run night` or wait for the job");

        using (CheckoutLock.TryTake(tree.RepoRoot + ".lock", writer, out _))
        {
            var busy = Assert.Throws<RunModeException>(() => WorktreesCommand.Remove(paths, "ias-queue-night", force: true));
            Assert.Equal(
                "a queue runner of run night at job 0001-implementer (pid 4242) is writing on ias/queue/night; stop it with `ias stop --run night` or wait for the job; then remove ias-queue-night",
                busy.Message);
        }

        Assert.Equal($"removed {tree.RepoRoot}; branch ias/queue/night stays, and its queue's next writing job makes the worktree again", WorktreesCommand.Remove(paths, "ias-queue-night", force: false));
    }
}
