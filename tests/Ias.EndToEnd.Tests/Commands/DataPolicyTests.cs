using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>ias.data_policy through the real `ias run`: under metadata_only the draft PR leaves the agent's words behind.</summary>
public sealed class DataPolicyTests
{
    [Fact]
    public async Task Under_metadata_only_pr_md_and_the_body_gh_is_given_withhold_the_agents_final_text_and_keep_the_shas()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        await File.AppendAllTextAsync(repo.ConfigPath, "ias:\n  data_policy:\n    mode: metadata_only\n");
        await Shell.GitAsync(repo.Path, "commit", "-qam", "data policy");

        var run = await repo.IasAsync(Env(gh.SearchPath), "run", "sprint-1", "--headless");

        AssertExit(0, run);

        // The simulated implementer's final text is its commits' subjects: "feat(sprint-1): cycle 1 — Cycle 1 of sprint-1 is done: ...".
        var commits = (await Shell.GitAsync(repo.Path, "log", "--reverse", "--format=%h %s", "main..feature/sprint-1")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(commits, c => c.Contains("is done:", StringComparison.Ordinal));

        var pr = await File.ReadAllTextAsync(repo.File(".run", "pr.md"));
        Assert.DoesNotContain("is done:", pr, StringComparison.Ordinal);
        foreach (var commit in commits)
        {
            var sha = commit[..commit.IndexOf(' ', StringComparison.Ordinal)];
            Assert.Contains($"- {sha} ", pr);
        }

        Assert.Contains("feat(sprint-1): cycle 1 — [withheld: pr.body, sha256:", pr);
        Assert.Contains("## Metrics", pr);
        Assert.Contains("Review: passed in cycle", pr);
        Assert.Equal($"# Run Mode: sprint-1\n\n{gh.CreatedBody}", pr);
    }
}
