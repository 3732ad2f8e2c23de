using Ias.Core.Tests.Support;
using Ias.Core.Turns;

namespace Ias.Core.Tests.Turns;

public sealed class TurnCommitTests
{
    [Fact]
    public void A_tree_with_changes_is_committed_and_the_head_is_the_new_commit()
    {
        using var repo = new GitRepo();
        var before = repo.Git.HeadSha()!;
        repo.Write("a.txt", "a\n");

        var commit = TurnCommit.Make(repo.Git, before, "feat: a");

        Assert.NotNull(commit);
        Assert.Equal(commit.Sha, commit.Head);
        Assert.Equal(commit.Head, repo.Git.HeadSha());
        Assert.Equal("feat: a", repo.Git.Run("log", "-1", "--format=%s").Trim());
    }

    [Fact]
    public void The_agents_own_commit_counts_when_the_tree_holds_nothing_more()
    {
        using var repo = new GitRepo();
        var before = repo.Git.HeadSha()!;
        repo.Write("b.txt", "b\n");
        repo.Git.Run("add", "-A");
        repo.Git.Run("commit", "--quiet", "-m", "agent's own");

        var commit = TurnCommit.Make(repo.Git, before, "feat: nothing left");

        Assert.Equal(new TurnCommit(null, repo.Git.HeadSha()!), commit);
    }

    [Fact]
    public void Nothing_since_before_is_no_commit()
    {
        using var repo = new GitRepo();

        Assert.Null(TurnCommit.Make(repo.Git, repo.Git.HeadSha()!, "feat: nothing"));
    }

    [Fact]
    public void A_terminal_control_in_the_message_never_reaches_the_commit()
    {
        using var repo = new GitRepo();
        var before = repo.Git.HeadSha()!;
        repo.Write("c.txt", "c\n");

        TurnCommit.Make(repo.Git, before, "feat: c\u001b]52;c;ZXZpbA==\u0007 done");

        Assert.DoesNotContain('\u001b', repo.Git.Run("log", "-1", "--format=%B"));
    }
}
