using Ias.Core.Git;
using Ias.Core.Safety;

namespace Ias.Core.Tests.Safety;

public sealed class IcePolicyTests
{
    [Theory]
    [InlineData("merge feature/other")]
    [InlineData("merge --ff-only feature/other")]
    [InlineData("-C sub merge x")]
    [InlineData("--no-pager -c color.ui=never merge x")]
    [InlineData("pull")]
    [InlineData("pull origin main")]
    [InlineData("pull --no-rebase")]
    [InlineData("pull --rebase=false")]
    public void Merges_are_refused_in_every_spelling(string command) =>
        AssertRefused(command, "merge");

    [Theory]
    [InlineData("branch -d old")]
    [InlineData("branch -D old")]
    [InlineData("branch --delete old")]
    [InlineData("branch -dr origin/old")]
    [InlineData("branch --delete --force old")]
    [InlineData("branch -m renamed")]
    [InlineData("branch -M old new")]
    [InlineData("update-ref -d refs/heads/old")]
    [InlineData("push origin :old")]
    [InlineData("push origin :refs/heads/old")]
    [InlineData("push --delete origin old")]
    [InlineData("push -d origin old")]
    [InlineData("push --prune origin")]
    public void Branch_deletion_is_refused_locally_and_on_the_remote(string command) =>
        AssertRefused(command, "delete");

    [Theory]
    [InlineData("push --force")]
    [InlineData("push -f origin feature/x")]
    [InlineData("push -uf origin feature/x")]
    [InlineData("push --force-with-lease origin feature/x")]
    [InlineData("push --force-with-lease=feature/x:abc origin feature/x")]
    [InlineData("push origin +feature/x")]
    [InlineData("push origin +HEAD:refs/heads/feature/x")]
    public void Force_pushes_are_refused(string command) =>
        AssertRefused(command, "force push");

    [Theory]
    [InlineData("push origin main")]
    [InlineData("push origin HEAD:main")]
    [InlineData("push origin feature/x:refs/heads/master")]
    [InlineData("push origin feature/x:heads/develop")]
    [InlineData("push origin feature/x:release/2.0")]
    [InlineData("push origin feature/x:hotfix-12")]
    [InlineData("push -u origin feature/x main")]
    [InlineData("push --repo=elsewhere origin feature/x:production")]
    [InlineData("push origin -- feature/x:prod")]
    public void Pushes_to_protected_branches_are_refused(string command) =>
        AssertRefused(command, "protected branch");

    [Theory]
    [InlineData("push --all origin")]
    [InlineData("push --branches origin")]
    [InlineData("push --mirror origin")]
    [InlineData("push origin :")]
    [InlineData("push origin refs/heads/*:refs/heads/*")]
    [InlineData("push --no-verify origin feature/x")]
    public void Pushes_that_could_reach_protected_branches_or_skip_the_hook_are_refused(string command) =>
        AssertRefused(command, "");

    [Theory]
    [InlineData("push")]
    [InlineData("push -u origin feature/x")]
    [InlineData("push origin HEAD")]
    [InlineData("push --set-upstream origin feature/x")]
    [InlineData("push origin feature/x:feature/x-copy")]
    [InlineData("push origin tag v1.0")]
    [InlineData("push origin refs/tags/v1:refs/tags/v1")]
    [InlineData("push -o ci.skip origin feature/x")]
    [InlineData("push --dry-run origin feature/x")]
    public void Pushing_the_feature_branch_is_allowed(string command) =>
        AssertAllowed(command);

    [Theory]
    [InlineData("checkout main")]
    [InlineData("checkout -f master")]
    [InlineData("checkout refs/heads/main")]
    [InlineData("checkout main --")]
    [InlineData("switch develop")]
    [InlineData("switch --detach main")]
    [InlineData("checkout release/1.4")]
    [InlineData("checkout -")]
    [InlineData("checkout @{-1}")]
    [InlineData("checkout -b main")]
    [InlineData("checkout -B main origin/main")]
    [InlineData("checkout -qbmain")]
    [InlineData("switch -c staging")]
    [InlineData("switch --create=prod")]
    [InlineData("worktree add ../wt main")]
    [InlineData("worktree add ../main")]
    [InlineData("worktree add -b hotfix/9 ../wt")]
    [InlineData("symbolic-ref HEAD refs/heads/main")]
    [InlineData("checkout --track origin/main")]
    [InlineData("checkout -t origin/release/2.0")]
    [InlineData("switch --track=direct origin/develop")]
    public void Checkout_of_a_protected_branch_is_refused(string command) =>
        AssertRefused(command, "protected branch");

    [Theory]
    [InlineData("checkout feature/other")]
    [InlineData("checkout -b feature/new main")]
    [InlineData("switch -c feature/new origin/main")]
    [InlineData("checkout main -- README.md")]
    [InlineData("checkout main README.md")]
    [InlineData("checkout --track origin/feature/y")]
    [InlineData("checkout -b feature/y --track origin/main")]
    [InlineData("checkout -- main")]
    [InlineData("checkout -p main")]
    [InlineData("restore --source main README.md")]
    [InlineData("worktree add --detach ../wt")]
    [InlineData("worktree list")]
    [InlineData("status")]
    [InlineData("log --oneline main..HEAD")]
    [InlineData("diff main")]
    [InlineData("merge-base main HEAD")]
    [InlineData("rebase main")]
    [InlineData("pull --ff-only")]
    [InlineData("pull --rebase origin main")]
    [InlineData("branch feature/new")]
    [InlineData("branch -u origin/feature/x")]
    [InlineData("branch --merged main")]
    [InlineData("config --get core.hooksPath")]
    [InlineData("commit -m wip")]
    [InlineData("--version")]
    [InlineData("")]
    public void Everyday_work_on_a_feature_branch_is_allowed(string command) =>
        AssertAllowed(command);

    [Theory]
    [InlineData("branch -f main HEAD")]
    [InlineData("branch -c feature/x main")]
    [InlineData("update-ref refs/heads/main HEAD")]
    public void Rewriting_a_protected_branch_locally_is_refused(string command) =>
        AssertRefused(command, "protected branch");

    [Theory]
    [InlineData("-c core.hooksPath=/dev/null push origin feature/x")]
    [InlineData("--config-env=core.hooksPath=EMPTY push")]
    [InlineData("config core.hooksPath /dev/null")]
    [InlineData("config --unset core.hooksPath")]
    [InlineData("-c alias.ship=status ship")]
    [InlineData("send-pack origin main")]
    [InlineData("update-ref --stdin")]
    public void Ways_around_the_checks_are_refused(string command) =>
        AssertRefused(command, "");

    [Fact]
    public void An_alias_is_checked_as_the_command_it_expands_to()
    {
        var repo = new FakeRepo { Aliases = { ["m"] = "merge --no-ff", ["p"] = "-c push.default=simple push origin \"+HEAD:main\"", ["st"] = "status" } };

        Assert.Contains("merge", IcePolicy.CheckGit(Words("m feature/other"), repo).Reason);
        Assert.False(IcePolicy.CheckGit(Words("p"), repo).Allowed);
        Assert.True(IcePolicy.CheckGit(Words("st"), repo).Allowed);
    }

    [Fact]
    public void An_alias_loop_is_refused_instead_of_followed_forever()
    {
        var repo = new FakeRepo { Aliases = { ["a"] = "b", ["b"] = "a" } };

        Assert.Contains("expands more than", IcePolicy.CheckGit(["a"], repo).Reason);
    }

    [Fact]
    public void A_shell_alias_is_allowed_because_its_own_git_calls_meet_the_shim_again()
    {
        var repo = new FakeRepo { Aliases = { ["sh"] = "!git merge x" } };

        Assert.True(IcePolicy.CheckGit(["sh"], repo).Allowed);
    }

    [Fact]
    public void A_bare_push_goes_where_configuration_sends_it()
    {
        Assert.False(IcePolicy.CheckGit(["push"], new FakeRepo { Branch = "main" }).Allowed);
        Assert.False(IcePolicy.CheckGit(["push"], new FakeRepo { Settings = { ["push.default"] = "matching" } }).Allowed);
        Assert.False(IcePolicy.CheckGit(["push"], new FakeRepo { Settings = { ["remote.origin.push"] = "refs/heads/*:refs/heads/*" } }).Allowed);
        Assert.False(IcePolicy.CheckGit(["push", "origin", "feature/x"], new FakeRepo { Settings = { ["remote.origin.push"] = "feature/x:main" } }).Allowed);

        var upstreamToMain = new FakeRepo { Settings = { ["push.default"] = "upstream", ["branch.feature/x.merge"] = "refs/heads/main" } };
        Assert.Contains("protected branch main", IcePolicy.CheckGit(["push"], upstreamToMain).Reason);

        Assert.True(IcePolicy.CheckGit(["push"], new FakeRepo()).Allowed);
        Assert.True(IcePolicy.CheckGit(["push"], new FakeRepo { Branch = null }).Allowed);
    }

    [Fact]
    public void Git_config_in_the_environment_cannot_switch_the_hook_off_for_a_push()
    {
        string[] push = ["push", "origin", "feature/x"];
        Assert.False(IcePolicy.CheckGit(push, new FakeRepo(), new Dictionary<string, string> { ["GIT_CONFIG_PARAMETERS"] = "'core.hooksPath'='/dev/null'" }).Allowed);
        Assert.False(IcePolicy.CheckGit(push, new FakeRepo(), new Dictionary<string, string> { ["GIT_CONFIG_KEY_0"] = "core.hooksPath" }).Allowed);
        Assert.True(IcePolicy.CheckGit(push, new FakeRepo(), new Dictionary<string, string> { ["GIT_CONFIG_PARAMETERS"] = "'color.ui'='never'" }).Allowed);
    }

    [Theory]
    [InlineData("-c core.hookspath=x status")]
    [InlineData("-c safe.bareRepository=explicit -c core.hooksPath=/dev/null -c core.fsmonitor=false rev-parse --git-dir")]
    [InlineData("-c core.hooksPath=/dev/null -c core.fsmonitor= ls-files --error-unmatch -- x")]
    [InlineData("-c core.hooksPath=/dev/null --no-optional-locks log --oneline -n 5")]
    public void The_agent_clis_own_read_only_git_with_hooks_off_is_allowed(string command)
    {
        Assert.True(IcePolicy.CheckGit(command.Split(' '), new FakeRepo()).Allowed);
        Assert.True(IcePolicy.CheckGit(["rev-parse", "--show-toplevel"], new FakeRepo(), new Dictionary<string, string> { ["GIT_CONFIG_KEY_2"] = "core.hooksPath" }).Allowed);
    }

    [Theory]
    [InlineData("pr merge 12", "humans merge PRs")]
    [InlineData("pr merge --squash --delete-branch", "delete")]
    [InlineData("pr create --title x --body y", "--draft")]
    [InlineData("pr create --draft=false --title x", "--draft")]
    [InlineData("pr ready 12", "drafts")]
    [InlineData("pr close 12 -d", "delete")]
    [InlineData("repo delete owner/repo --yes", "repo delete")]
    [InlineData("repo sync", "overwrite")]
    [InlineData("api -X PUT repos/o/r/pulls/1/merge", "PUT")]
    [InlineData("api repos/o/r/git/refs/heads/main -X DELETE", "DELETE")]
    [InlineData("api graphql -f query=mutation", "POST")]
    [InlineData("api --method=PATCH repos/o/r", "PATCH")]
    [InlineData("alias set pm 'pr merge'", "alias")]
    [InlineData("pm 12", "not a gh command")]
    public void Gh_refuses_merges_ready_prs_deletions_and_writes(string command, string reason)
    {
        var decision = IcePolicy.CheckGh(Words(command));

        Assert.False(decision.Allowed);
        Assert.Contains(reason, decision.Reason);
    }

    [Theory]
    [InlineData("pr create --draft --title x --body-file b.md")]
    [InlineData("pr create -d -t x -F b.md")]
    [InlineData("pr view 12")]
    [InlineData("pr list --head feature/x --json url")]
    [InlineData("pr edit 12 --title x")]
    [InlineData("pr ready 12 --undo")]
    [InlineData("api repos/o/r/pulls")]
    [InlineData("api -X GET search/issues -f q=x")]
    [InlineData("auth status")]
    [InlineData("--version")]
    [InlineData("")]
    public void Gh_allows_draft_prs_and_reads(string command) =>
        Assert.True(IcePolicy.CheckGh(Words(command)).Allowed, command);

    [Fact]
    public void Global_options_are_told_apart_from_the_command()
    {
        var parsed = IceGitArgs.Parse(["-C", "sub", "-c", "a.b=1", "--git-dir=.git", "--no-pager", "push", "-f"]);

        Assert.Equal(["-C", "sub", "-c", "a.b=1", "--git-dir=.git", "--no-pager"], parsed.GlobalOptions);
        Assert.Equal(["a.b=1"], parsed.ConfigSettings);
        Assert.Equal("push", parsed.Command);
        Assert.Equal(["-f"], parsed.Args);
    }

    [Fact]
    public void Alias_values_split_like_git_splits_them()
    {
        Assert.Equal(["push", "origin", "+HEAD:main"], IcePolicy.SplitCommandLine("push  origin \"+HEAD:main\""));
        Assert.Equal(["log", "--format=%h %s", "a b"], IcePolicy.SplitCommandLine("log '--format=%h %s' a\\ b"));
    }

    private static void AssertRefused(string command, string reasonPart)
    {
        var decision = IcePolicy.CheckGit(Words(command), new FakeRepo());
        Assert.False(decision.Allowed, $"git {command} should be refused");
        Assert.Contains(reasonPart, decision.Reason);
    }

    private static void AssertAllowed(string command)
    {
        var decision = IcePolicy.CheckGit(Words(command), new FakeRepo());
        Assert.True(decision.Allowed, $"git {command} should be allowed, got: {decision.Reason}");
    }

    private static string[] Words(string command) => [.. IcePolicy.SplitCommandLine(command)];

    /// <summary>A repository on feature/x with main as the previous branch, plus whatever config and aliases a test sets.</summary>
    private sealed class FakeRepo : IRepoFacts
    {
        public string? Branch { get; init; } = "feature/x";

        public Dictionary<string, string> Settings { get; } = [];

        public Dictionary<string, string> Aliases { get; } = [];

        public string? CurrentBranch() => Branch;

        public string? PreviousBranch(int n) => n == 1 ? "main" : null;

        public string? Config(string key) => Settings.GetValueOrDefault(key);

        public string? Alias(string name) => Aliases.GetValueOrDefault(name);
    }
}
