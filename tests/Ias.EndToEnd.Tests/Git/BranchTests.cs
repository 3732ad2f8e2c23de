using System.Text.Json;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Git;

/// <summary>Which branch a run works on: 004's `--branch NAME`, default `feature/TARGET`.</summary>
public sealed class BranchTests
{
    [Fact]
    public async Task A_run_started_on_another_feature_branch_works_on_feature_target_and_leaves_that_branch_alone()
    {
        using var repo = new TestRepo();
        await Shell.GitAsync(repo.Path, "switch", "-q", "-c", "feature/other");
        var before = (await Shell.GitAsync(repo.Path, "rev-parse", "feature/other")).Trim();

        var run = await repo.IasAsync("run", "sprint-1", "--headless", "--local");

        AssertExit(0, run);
        var state = JsonDocument.Parse(await File.ReadAllTextAsync(repo.File(".run", "state.json"))).RootElement;
        Assert.Equal("feature/sprint-1", state.GetProperty("branch").GetString());
        Assert.Equal("feature/other", (await Shell.GitAsync(repo.Path, "branch", "--show-current")).Trim()); // the checkout stays where it was
        Assert.Contains("): COMPLETED", await Shell.GitAsync(repo.Path, "log", "--format=%s", "feature/sprint-1"));
        Assert.Equal(before, (await Shell.GitAsync(repo.Path, "rev-parse", "feature/other")).Trim());
    }

    [Fact]
    public async Task Branch_names_the_runs_branch()
    {
        using var repo = new TestRepo();

        var run = await repo.IasAsync("run", "sprint-1", "--headless", "--local", "--branch", "feature/greeting");

        AssertExit(0, run);
        Assert.Contains("): COMPLETED", await Shell.GitAsync(repo.Path, "log", "--format=%s", "feature/greeting"));
        Assert.Equal("main", (await Shell.GitAsync(repo.Path, "branch", "--show-current")).Trim());
    }
}
