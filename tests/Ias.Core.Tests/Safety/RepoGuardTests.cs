using Ias.Core.Safety;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Safety;

/// <summary>ICE after the turn, on a real repository: what a turn may move (its own branch, forward) and what it may not.</summary>
public sealed class RepoGuardTests : IDisposable
{
    private readonly GitRepo _repo = new();
    private readonly RepoGuard _guard;

    public RepoGuardTests()
    {
        _repo.Git.Run("switch", "--quiet", "-c", "feature/x");
        _repo.Git.Run("branch", "other");
        _guard = new RepoGuard(_repo.Git, "origin");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void The_state_names_the_branch_checked_out_and_none_on_a_detached_head()
    {
        Assert.Equal("feature/x", _guard.Take().Branch);

        _repo.Git.Run("switch", "--quiet", "--detach");

        Assert.Null(_guard.Take().Branch);
    }

    [Fact]
    public void The_state_after_a_clean_turn_is_given_back_with_the_branch_the_turn_ended_on()
    {
        var before = _guard.Take();
        _repo.Git.Run("switch", "--quiet", "other");

        Assert.Empty(_guard.Verify(before, writes: true, "implementer", out var after));
        Assert.Equal("other", after!.Branch);
    }

    [Fact]
    public void A_writing_turn_may_move_its_own_branch_forward()
    {
        var before = _guard.Take();
        Commit("work.txt");

        Assert.Empty(_guard.Verify(before, writes: true, "implementer"));
    }

    [Fact]
    public void Branches_other_engines_work_on_beside_the_turn_may_move_and_others_may_not()
    {
        // A run's branch in a worktree of ias's, a queue's run branch whose worktree comes and goes, and a branch of no engine's.
        var runTree = Path.Combine(_repo.Path, ".git", "ias", "worktrees", "feature-y");
        _repo.Git.Run("worktree", "add", "--quiet", "-b", "feature/y", runTree);
        _repo.Git.Run("branch", "ias/queue/night");
        var before = _guard.Take();

        var other = _repo.Git.At(runTree);
        File.WriteAllText(Path.Combine(runTree, "y.txt"), "y");
        other.Run("add", "y.txt");
        other.Run("commit", "--quiet", "-m", "y");
        _repo.Git.Run("branch", "--force", "ias/queue/night", "feature/y");
        _repo.Git.Run("branch", "--force", "other", "feature/y");

        var breach = Assert.Single(_guard.Verify(before, writes: true, "implementer"));
        Assert.StartsWith("refs/heads/other moved from", breach, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reading_turn_may_not_move_even_its_own_branch()
    {
        var before = _guard.Take();
        Commit("work.txt");

        var breach = Assert.Single(_guard.Verify(before, writes: false, "reviewer"));
        Assert.StartsWith("refs/heads/feature/x moved from", breach, StringComparison.Ordinal);
    }

    [Fact]
    public void Moving_main_names_main_and_how_to_put_it_back()
    {
        var main = _repo.Git.Run("rev-parse", "main").Trim();
        var before = _guard.Take();
        Commit("work.txt");
        _repo.Git.Run("update-ref", "refs/heads/main", "HEAD");

        var breach = Assert.Single(_guard.Verify(before, writes: true, "implementer"));
        Assert.Contains("refs/heads/main moved from", breach, StringComparison.Ordinal);
        Assert.EndsWith($"`git update-ref refs/heads/main {main}`", breach, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewriting_the_turns_branch_over_an_earlier_commit_is_a_breach()
    {
        Commit("engine.txt");
        var engines = _repo.Git.Run("rev-parse", "HEAD").Trim();
        var before = _guard.Take();
        _repo.Git.Run("reset", "--quiet", "--hard", "HEAD~1");
        Commit("other.txt");

        var breach = Assert.Single(_guard.Verify(before, writes: true, "implementer"));
        Assert.Contains($"the implementer rewrote feature/x: its commit {engines[..7]} is no longer on it", breach, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_a_branch_and_creating_a_protected_one_are_each_a_breach()
    {
        var before = _guard.Take();
        _repo.Git.Run("branch", "-D", "other");
        _repo.Git.Run("branch", "release/9");

        var breaches = _guard.Verify(before, writes: true, "implementer");
        Assert.Contains(breaches, b => b.StartsWith("refs/heads/other was deleted", StringComparison.Ordinal));
        Assert.Contains(breaches, b => b.StartsWith("refs/heads/release/9 was created", StringComparison.Ordinal));
    }

    [Fact]
    public void A_new_feature_branch_is_not_a_breach()
    {
        var before = _guard.Take();
        _repo.Git.Run("branch", "feature/y");

        Assert.Empty(_guard.Verify(before, writes: true, "implementer"));
    }

    [Fact]
    public void A_changed_hook_is_found_without_running_git_again()
    {
        var hook = Path.Combine(_repo.Path, ".git", "hooks", "pre-commit");
        var before = _guard.Take();
        File.WriteAllText(hook, "#!/bin/sh\nexit 0\n");

        // A hook that appears could run on the engine's next commit: it is named, and no ref check follows.
        var breach = Assert.Single(_guard.Verify(before, writes: true, "implementer"));
        Assert.StartsWith($"{hook} appeared during the implementer's turn", breach, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_git_config_is_a_breach()
    {
        var before = _guard.Take();
        _repo.Git.Run("config", "core.hooksPath", "/dev/null");

        var breach = Assert.Single(_guard.Verify(before, writes: true, "implementer"));
        Assert.Contains(Path.Combine(".git", "config") + " changed during the implementer's turn", breach, StringComparison.Ordinal);
    }

    [Fact]
    public void An_in_tree_file_that_the_config_includes_is_watched_byte_for_byte()
    {
        _repo.Write("team.gitconfig", "[user]\n\tname = team\n");
        _repo.Git.Run("config", "include.path", "../team.gitconfig");
        var guard = new RepoGuard(_repo.Git, "origin");
        var before = guard.Take();
        _repo.Write("team.gitconfig", "[core]\n\tfsmonitor = ./evil.sh\n");

        var breach = Assert.Single(guard.Verify(before, writes: true, "implementer"));
        Assert.StartsWith($"{Path.Combine(_repo.Path, "team.gitconfig")} changed during the implementer's turn", breach, StringComparison.Ordinal);
    }

    [Fact]
    public void An_included_file_that_did_not_exist_is_a_breach_when_it_appears()
    {
        _repo.Git.Run("config", "includeIf.onbranch:feature/*.path", "../later.gitconfig");
        var guard = new RepoGuard(_repo.Git, "origin");
        var before = guard.Take();
        _repo.Write("later.gitconfig", "[core]\n\tfsmonitor = ./evil.sh\n");

        var breach = Assert.Single(guard.Verify(before, writes: true, "implementer"));
        Assert.StartsWith($"{Path.Combine(_repo.Path, "later.gitconfig")} appeared during the implementer's turn", breach, StringComparison.Ordinal);
    }

    [Fact]
    public void A_husky_hooks_folder_is_watched()
    {
        _repo.Git.Run("config", "core.hooksPath", ".husky");
        Directory.CreateDirectory(Path.Combine(_repo.Path, ".husky"));
        var guard = new RepoGuard(_repo.Git, "origin");
        var before = guard.Take();
        _repo.Write(".husky/post-commit", "#!/bin/sh\n");

        var breach = Assert.Single(guard.Verify(before, writes: true, "implementer"));
        Assert.Contains(".husky", breach, StringComparison.Ordinal);
    }

    [Fact]
    public void The_remotes_protected_branches_are_compared_with_one_ls_remote()
    {
        using var bare = new TempDir();
        new Ias.Core.Git.GitCli(bare.Path).Run("init", "--quiet", "--bare", "--initial-branch=main");
        _repo.Git.Run("remote", "add", "origin", bare.Path);
        _repo.Git.Run("push", "--quiet", "origin", "main");
        var guard = new RepoGuard(_repo.Git, "origin");
        var before = guard.Take();
        Assert.NotNull(before.Remote);
        Commit("work.txt");
        _repo.Git.Run("push", "--quiet", "origin", "HEAD:main");

        // Pushing also changed .git's remote-tracking ref, which is reading and not a breach.
        var breach = Assert.Single(guard.Verify(before, writes: true, "implementer"));
        Assert.StartsWith("refs/heads/main on the remote changed from", breach, StringComparison.Ordinal);
    }

    private void Commit(string file)
    {
        _repo.Write(file, file);
        _repo.Git.Run("add", "-A");
        _repo.Git.Run("commit", "--quiet", "-m", file);
    }
}
