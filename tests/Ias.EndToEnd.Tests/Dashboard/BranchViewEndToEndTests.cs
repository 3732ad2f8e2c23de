using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Dashboard;

/// <summary>b in the real dashboard: the finished run's commits from git, and one commit's patch.</summary>
public sealed class BranchViewEndToEndTests
{
    public BranchViewEndToEndTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task B_lists_the_runs_commits_from_git_and_enter_opens_the_newest_ones_patch()
    {
        using var repo = new TestRepo();
        Assert.Equal(0, (await repo.IasAsync("run", "sprint-1")).Code);

        using var tmux = Tmux.Start(160, 40, repo.Path, null, "dashboard", "--no-report");
        await tmux.WaitForAsync(" DONE ");
        tmux.Keys("b");
        var list = await tmux.WaitForAsync("commit(s) on feature/sprint-1 over main");
        Assert.Contains("chore(sprint-1): COMPLETED", list);
        Assert.Contains("feat(sprint-1): cycle 1", list);
        Assert.Contains("PR text: ", list);

        tmux.Keys("Enter");
        var patch = await tmux.WaitForAsync("j/k scroll - esc back");
        Assert.Contains("    chore(sprint-1): COMPLETED", patch);
        Assert.Contains("+++ b/", patch);

        tmux.Keys("Escape");
        await tmux.WaitForAsync("enter opens - esc closes");
        tmux.Keys("Escape");
        await tmux.WaitForAsync(s => !s.Contains("esc closes", StringComparison.Ordinal), "the overlay closed");
    }
}
