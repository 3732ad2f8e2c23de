using Ias.Core.Git;
using Ias.Core.Storage;
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
    public void Identity_problem_is_null_with_a_name_and_email_and_otherwise_gives_gits_reason_and_the_commands_to_run()
    {
        using var repo = new GitRepo();
        Assert.Null(repo.Git.IdentityProblem());

        // An empty name overrides any global identity of the machine's, and git refuses to commit with it.
        repo.Git.Run("config", "user.name", "");
        var problem = repo.Git.IdentityProblem();

        Assert.Equal(
            $"git cannot tell who commits in {repo.Path} (empty ident name (for <test@ias.invalid>) not allowed): run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.com`",
            problem);
        Assert.False(repo.Git.Try("commit", "--allow-empty", "-m", "x").Ok, "git refuses the commit the problem foretold");
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
    public void Commit_all_leaves_our_run_state_uncommitted_and_shas_lists_the_range_oldest_first()
    {
        using var repo = new GitRepo();
        new RunPaths(repo.Path).EnsureCreated();
        var before = repo.Git.HeadSha()!;
        repo.Write("a.txt", "a");
        repo.Write("docs/ias/runs/night/runner/state.json", "{}");
        repo.Write(".run/state.json", "{}");
        var first = repo.Git.CommitAll("job 1");
        repo.Write("b.txt", "b");
        var second = repo.Git.CommitAll("job 2");

        Assert.Equal(["a.txt"], repo.Git.Changes(before, first!).Select(c => c.Path));
        Assert.Empty(repo.Git.DirtyPaths());
        Assert.Equal([first!, second!], repo.Git.Shas($"{before}..HEAD"));
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

    [Fact]
    public void Numstat_counts_lines_per_path_and_follows_renames_and_binary_files()
    {
        using var repo = new GitRepo();
        repo.Write("keep.txt", "one\ntwo\nthree\nfour\n");
        var before = repo.Git.CommitAll("setup")!;

        File.Move(Path.Combine(repo.Path, "keep.txt"), Path.Combine(repo.Path, "with space.txt"));
        repo.Write("with space.txt", "one\ntwo\nthree\nfour\nfive\n");
        File.WriteAllBytes(Path.Combine(repo.Path, "blob.bin"), [0, 1, 2, 0]);
        repo.Write("README.md", "# test\nmore\n");
        var after = repo.Git.CommitAll("change")!;

        var stats = repo.Git.NumStat(before, after).OrderBy(s => s.Path, StringComparer.Ordinal).ToList();
        Assert.Equal([new LineStat(1, 0, "README.md"), new LineStat(0, 0, "blob.bin"), new LineStat(1, 0, "with space.txt")], stats);
    }

    [Fact]
    public void Commits_are_counted_from_a_commit_or_from_the_empty_tree()
    {
        using var repo = new GitRepo();
        var first = repo.Git.HeadSha()!;
        repo.Write("a.txt", "a");
        repo.Git.CommitAll("a");
        repo.Write("b.txt", "b");
        repo.Git.CommitAll("b");

        Assert.Equal(2, repo.Git.CountCommits(first, "HEAD"));
        Assert.Equal(3, repo.Git.CountCommits(repo.Git.Run("hash-object", "-t", "tree", "/dev/null").Trim(), "HEAD"));
        Assert.Equal(["b", "a"], repo.Git.Log($"{first}..HEAD").Select(l => l.Split(' ', 2)[1]));
    }

    [Fact]
    public void A_remote_branch_and_ahead_behind_describe_how_a_branch_and_its_remote_differ_and_a_push_sets_no_upstream()
    {
        using var o = new OriginRepo();
        var config = File.ReadAllBytes(Path.Combine(o.Repo.Path, ".git", "config"));
        Assert.Null(o.Git.RemoteBranch("origin", "feature/x"));
        o.Git.Push("origin", "feature/x");
        Assert.Equal("origin/feature/x", o.Git.RemoteBranch("origin", "feature/x"));
        Assert.Equal(config, File.ReadAllBytes(Path.Combine(o.Repo.Path, ".git", "config")));
        Assert.Equal((0, 0), o.Git.AheadBehind("origin/feature/x"));

        o.Repo.Write("more.txt", "more");
        o.Git.CommitAll("more");

        Assert.Equal((1, 0), o.Git.AheadBehind("origin/feature/x"));
        Assert.True(o.Git.HasRemote("origin"));
        Assert.False(o.Git.HasRemote("upstream"));
    }

    [Fact]
    public void Options_before_every_command_and_another_git_binary_can_be_given()
    {
        using var repo = new GitRepo();
        using var elsewhere = new TempDir();
        var git = new GitCli(elsewhere.Path, executable: OriginRepo.AbsoluteGit, prefix: ["-C", repo.Path]);

        Assert.Equal("main", git.CurrentBranch());
    }

    [Fact]
    public void One_status_gives_the_branch_and_the_uncommitted_paths_and_null_outside_a_work_tree()
    {
        using var repo = new GitRepo();
        repo.Write("notes.txt", "n");

        var status = repo.Git.Status()!;

        Assert.Equal("main", status.Branch);
        Assert.Equal(["notes.txt"], status.Dirty);
        Assert.Equal("work tree has 1 uncommitted change(s) (e.g. notes.txt)", status.Uncommitted);
        Assert.Equal(repo.Git.Uncommitted(), status.Uncommitted);

        repo.Git.Run("add", "-A");
        repo.Git.Run("commit", "--quiet", "-m", "notes");
        repo.Git.Run("switch", "--quiet", "--detach");
        var detached = repo.Git.Status()!;
        Assert.Null(detached.Branch);
        Assert.Null(detached.Uncommitted);

        using var plain = new TempDir();
        Assert.Null(new GitCli(plain.Path).Status());
    }

    [Fact]
    public void Commit_counts_and_the_changes_of_the_last_commits_reach_back_to_the_first_commit()
    {
        using var repo = new GitRepo();
        var first = repo.Git.HeadSha()!;
        repo.Write("a.txt", "a\n");
        var second = repo.Git.CommitAll("a")!;

        Assert.Equal(1, repo.Git.CountCommits(first, second));

        // From the empty tree every commit counts, and two commits from the second reach before the first.
        Assert.Equal(2, repo.Git.CountCommits(repo.Git.Run("hash-object", "-t", "tree", "/dev/null").Trim(), second));
        Assert.Equal(["a.txt"], repo.Git.ChangesOfLast(1, second).Select(l => l.Path));
        Assert.Equal(["README.md", "a.txt"], repo.Git.ChangesOfLast(2, second).Select(l => l.Path).Order(StringComparer.Ordinal));
    }
}
