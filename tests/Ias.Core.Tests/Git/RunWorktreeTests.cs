using Ias.Core.Git;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Git;

/// <summary>A run's worktree: made on its branch beside the checkout, which it never touches, found again, and given back.</summary>
public sealed class RunWorktreeTests
{
    [Fact]
    public void A_new_branchs_worktree_starts_from_the_given_commit_and_the_checkout_stays_as_it_was()
    {
        using var repo = new GitRepo();
        repo.Write("README.md", "an edit of the person's\n");
        repo.Write("notes.txt", "untracked\n");
        var (branch, head, status) = (repo.Git.CurrentBranch(), repo.Git.HeadSha()!, repo.Git.Run("status", "--porcelain"));

        var tree = RunWorktree.Open(repo.Git, "feature/sprint-1", head, out _);
        File.WriteAllText(Path.Combine(tree.RepoRoot, "a.txt"), "the run's\n");
        tree.CommitAll("feat(sprint-1): add a");

        Assert.Equal(RunWorktree.PathFor(repo.Git, "feature/sprint-1"), tree.RepoRoot);
        Assert.Equal("feature/sprint-1", tree.CurrentBranch());
        Assert.Equal(head, tree.Run("rev-parse", "HEAD~1").Trim());
        Assert.Equal((branch, head, status), (repo.Git.CurrentBranch(), repo.Git.HeadSha()!, repo.Git.Run("status", "--porcelain")));
        Assert.Equal("an edit of the person's\n", File.ReadAllText(Path.Combine(repo.Path, "README.md")));
        Assert.False(File.Exists(Path.Combine(repo.Path, "a.txt")));
    }

    [Fact]
    public void Opening_again_finds_the_same_worktree_and_a_removed_one_is_made_again_on_the_branch_as_it_is()
    {
        using var repo = new GitRepo();
        var first = RunWorktree.Open(repo.Git, "feature/sprint-2", repo.Git.HeadSha()!, out _);
        File.WriteAllText(Path.Combine(first.RepoRoot, "b.txt"), "b\n");
        var tip = first.CommitAll("feat(sprint-2): add b")!;

        Assert.Equal(first.RepoRoot, RunWorktree.Open(repo.Git, "feature/sprint-2", "HEAD", out _).RepoRoot);
        Assert.Null(RunWorktree.Remove(repo.Git, "feature/sprint-2"));
        Assert.False(Directory.Exists(first.RepoRoot));
        Assert.Empty(RunWorktree.Ours(repo.Git));

        var again = RunWorktree.Open(repo.Git, "feature/sprint-2", "HEAD", out _);
        Assert.Equal(tip, again.HeadSha());
        Assert.Equal([(again.RepoRoot, (string?)"feature/sprint-2")], RunWorktree.Ours(repo.Git));
    }

    [Fact]
    public void A_branch_the_person_has_checked_out_is_refused_in_one_line_that_says_what_to_do()
    {
        using var repo = new GitRepo();
        repo.Git.SwitchTo("feature/sprint-3");

        var refused = Assert.Throws<GitException>(() => RunWorktree.Open(repo.Git, "feature/sprint-3", "HEAD", out _));

        Assert.Equal($"feature/sprint-3 is checked out in {repo.Path}; switch that checkout to another branch (`git switch -`) and run again: a run works in a worktree of its own", refused.GitMessage);
        Assert.Empty(RunWorktree.Ours(repo.Git));
    }

    [Fact]
    public void A_worktree_with_changes_in_it_stays_and_says_so()
    {
        using var repo = new GitRepo();
        var tree = RunWorktree.Open(repo.Git, "feature/sprint-4", repo.Git.HeadSha()!, out _);
        File.WriteAllText(Path.Combine(tree.RepoRoot, "left.txt"), "uncommitted\n");

        var stays = RunWorktree.Remove(repo.Git, "feature/sprint-4");

        Assert.StartsWith($"the worktree {tree.RepoRoot} stays (", stays, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(tree.RepoRoot, "left.txt")));
    }
}
