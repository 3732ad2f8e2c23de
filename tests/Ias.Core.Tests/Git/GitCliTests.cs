using Ias.Core.Git;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Git;

public sealed class GitCliTests
{
    [Fact]
    public void A_clean_tree_has_no_dirty_paths_and_every_kind_of_change_shows()
    {
        using var repo = new GitRepo();
        Assert.Empty(repo.Git.DirtyPaths());

        repo.Write("README.md", "changed\n");
        repo.Write("new dir/with space.txt", "x");
        repo.Write("b.txt", "b");
        repo.Git.Run("add", "b.txt");

        Assert.Equal(["README.md", "b.txt", "new dir/with space.txt"], repo.Git.DirtyPaths().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Commit_all_returns_null_when_nothing_changed_and_a_sha_when_something_did()
    {
        using var repo = new GitRepo();
        Assert.Null(repo.Git.CommitAll("nothing"));

        repo.Write("a.txt", "a");
        var sha = repo.Git.CommitAll("feat(sprint-1): cycle 1 — add a");

        Assert.Equal(repo.Git.HeadSha(), sha);
        Assert.Equal("feat(sprint-1): cycle 1 — add a", repo.Git.Run("log", "-1", "--format=%s").Trim());
        Assert.Empty(repo.Git.DirtyPaths());
    }

    [Fact]
    public void Changes_report_added_modified_deleted_and_renamed_paths()
    {
        using var repo = new GitRepo();
        repo.Write("keep.txt", "one\ntwo\nthree\nfour\n");
        repo.Write("gone.txt", "bye");
        var before = repo.Git.CommitAll("setup")!;

        File.Delete(Path.Combine(repo.Path, "gone.txt"));
        File.Move(Path.Combine(repo.Path, "keep.txt"), Path.Combine(repo.Path, "kept.txt"));
        repo.Write("README.md", "edited\n");
        repo.Write("added.txt", "new");
        var after = repo.Git.CommitAll("change")!;

        var changes = repo.Git.Changes(before, after).OrderBy(c => c.Path, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [new FileChange('M', "README.md"), new FileChange('A', "added.txt"), new FileChange('D', "gone.txt"), new FileChange('R', "kept.txt", "keep.txt")],
            changes);
    }

    [Fact]
    public void Switch_to_creates_a_missing_branch_and_reuses_an_existing_one()
    {
        using var repo = new GitRepo();
        repo.Git.SwitchTo("feature/x");
        Assert.Equal("feature/x", repo.Git.CurrentBranch());

        repo.Git.SwitchTo("main");
        repo.Git.SwitchTo("feature/x");
        Assert.Equal("feature/x", repo.Git.CurrentBranch());
    }

    [Fact]
    public void A_failing_command_throws_with_gits_own_message()
    {
        using var repo = new GitRepo();
        var ex = Assert.Throws<GitException>(() => repo.Git.Run("switch", "no-such-branch"));
        Assert.Contains("no-such-branch", ex.Message);
    }
}
