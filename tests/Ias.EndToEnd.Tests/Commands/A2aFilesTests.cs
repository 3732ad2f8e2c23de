using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// The a2a files of a sprint through the real `ias run`: each review's and audit's feedback in `grimoires/loa/a2a/sprint-N/`,
/// committed with the run's next commit, and the COMPLETED marker committed before the PR. The rules that need no push
/// and no gh are in the fast tier's A2aFilesTests.
/// </summary>
public sealed class A2aFilesTests
{
    private const string Feedback = "grimoires/loa/a2a/sprint-1/engineer-feedback.md";

    [Fact]
    public async Task A_sprint_run_records_each_verdict_in_its_a2a_folder_and_pushes_its_COMPLETED_marker_with_the_pr()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();

        var run = await repo.IasAsync(Env(gh.SearchPath), "run", "sprint-1", "--headless");

        AssertExit(0, run);
        // Cycle 1's review found something: its feedback went with cycle 2's implement commit.
        var cycle2 = await CommitAsync(repo, "feat(sprint-1): cycle 2 — ");
        var first = await Shell.GitAsync(repo.Path, "show", $"{cycle2}:{Feedback}");
        Assert.Contains("# Review of sprint-1, cycle 1\n", first);
        Assert.Contains("**Cycle**: 1\n", first);
        Assert.Contains("**Verdict**: CHANGES REQUIRED (1 finding(s))\n", first);
        Assert.Contains("- **R1** (medium) feature.txt does not validate its input (cycle 1) — `sim/sprint-1/feature.txt:1`\n", first);

        // The pushed branch holds the last review, the audit and the marker: the draft PR shows them.
        Assert.NotNull(Assert.Single(gh.Calls, c => c is ["pr", "create", ..]));
        var review = await Shell.GitAsync(origin.Path, "show", $"feature/sprint-1:{Feedback}");
        Assert.Contains("# Review of sprint-1, cycle 2\n", review);
        Assert.Contains("**Verdict**: All good\n", review);
        var audit = await Shell.GitAsync(origin.Path, "show", "feature/sprint-1:grimoires/loa/a2a/sprint-1/auditor-sprint-feedback.md");
        Assert.Contains("# Security and quality audit of sprint-1, cycle 2\n", audit);
        Assert.Contains("**Verdict**: APPROVED\n", audit);
        Assert.StartsWith("sprint-1 COMPLETED ", await Shell.GitAsync(origin.Path, "show", "feature/sprint-1:grimoires/loa/a2a/sprint-1/COMPLETED"));
        Assert.Equal("", (await Shell.GitAsync(repo.Path, "status", "--porcelain")).Trim());

        // The implementer of the fix cycle was pointed at the full feedback; the first had none to read.
        Assert.Contains($"- {Feedback}", Prompt(repo, "-c2-implement-"));
        Assert.Contains("(none yet)", Prompt(repo, "-c1-implement-"));
    }

    /// <summary>The sha of the one commit of the run's branch whose subject starts with <paramref name="subject"/>.</summary>
    private static async Task<string> CommitAsync(TestRepo repo, string subject) =>
        (await Shell.GitAsync(repo.Path, "log", "--format=%H %s", "main..feature/sprint-1"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Single(l => l[41..].StartsWith(subject, StringComparison.Ordinal))[..40];

    /// <summary>The prompt of the one job whose folder name holds <paramref name="step"/> (e.g. -c2-implement-).</summary>
    private static string Prompt(TestRepo repo, string step) =>
        File.ReadAllText(Path.Combine(Assert.Single(Directory.GetDirectories(repo.File(".run", "jobs"), $"*{step}*")), "prompt.md"));
}
