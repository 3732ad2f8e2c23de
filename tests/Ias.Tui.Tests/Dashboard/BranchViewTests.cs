using Ias.Tui.Tests.Support;

namespace Ias.Tui.Tests.Dashboard;

/// <summary>b in the dashboard: the finished run's commits from git, and one commit's patch.</summary>
public sealed class BranchViewTests
{
    [Fact]
    public async Task B_lists_the_runs_commits_from_git_and_enter_opens_the_newest_ones_patch()
    {
        using var repo = new DemoRepo();
        await repo.SprintAsync();

        await using var dashboard = repo.Dashboard(160, 40, "--no-report");
        await dashboard.WaitForAsync(" DONE ");
        dashboard.Keys("b");
        var list = await dashboard.WaitForAsync("commit(s) on feature/sprint-1 over main");
        Assert.Contains("chore(sprint-1): COMPLETED", list);
        Assert.Contains("feat(sprint-1): cycle 1", list);
        Assert.Contains("PR text: ", list);

        dashboard.Keys("Enter");
        var patch = await dashboard.WaitForAsync("j/k scroll - esc back");
        Assert.Contains("    chore(sprint-1): COMPLETED", patch);
        Assert.Contains("+++ b/", patch);

        dashboard.Keys("Escape");
        await dashboard.WaitForAsync("enter opens - esc closes");
        dashboard.Keys("Escape");
        await dashboard.WaitForAsync(s => !s.Contains("esc closes", StringComparison.Ordinal), "the overlay closed");
    }
}
