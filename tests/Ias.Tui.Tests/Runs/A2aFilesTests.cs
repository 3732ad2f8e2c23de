using Ias.Core.Cycles.Lifecycle;
using Ias.Tui.Tests.Support;

namespace Ias.Tui.Tests.Runs;

/// <summary>
/// The a2a files of a sprint through whole runs, their engine in this process: a COMPLETED marker a later plan reads, and
/// feedback redacted before it is written. Pushing them with the PR is the end-to-end tier's.
/// </summary>
public sealed class A2aFilesTests
{
    private const string Feedback = "grimoires/loa/a2a/sprint-1/engineer-feedback.md";

    [Fact(Timeout = 300_000)]
    public async Task A_sprint_marked_COMPLETED_by_an_earlier_run_is_skipped_by_a_later_sprint_plan()
    {
        using var repo = new DemoRepo();
        Assert.Equal(RunState.JackedOut, (await repo.SprintAsync()).State);
        // The plan goes on from the sprint's branch, as a person would before its PR is merged.
        repo.Git("switch", "--quiet", "feature/sprint-1");
        var done = repo.Git("rev-parse", "HEAD").Trim();

        Assert.Contains("sprints     sprint-1 (completed: skipped), sprint-2", repo.PlanDryRun());

        var plan = await repo.PlanAsync();

        Assert.Equal(RunState.JackedOut, plan.State);
        Assert.Contains("sprint-1 already completed: skipped", repo.Output);
        var branch = System.Text.Json.JsonDocument.Parse(File.ReadAllText(repo.File(".run", "sprint-plan-state.json"))).RootElement.GetProperty("branch").GetString();
        var log = repo.Git("log", "--format=%s", $"{done}..{branch}");
        Assert.DoesNotContain("sprint-1", log);
        Assert.Contains("feat(sprint-2): cycle 1", log);
        Assert.Contains("chore(sprint-2): COMPLETED", log);
    }

    [Fact(Timeout = 300_000)]
    public async Task Feedback_has_personal_data_and_secrets_redacted_before_it_is_written_and_committed()
    {
        using var repo = new DemoRepo();
        await repo.ScenarioAsync("""{"finding_note": "reported by jane.doe@example.com with AKIAIOSFODNN7EXAMPLE"}""");

        var run = await repo.SprintAsync();

        Assert.Equal(RunState.JackedOut, run.State);
        var first = repo.Git("show", $"{Commit(repo, "feat(sprint-1): cycle 2 — ")}:{Feedback}");
        Assert.Contains("(cycle 1) reported by [REDACTED_EMAIL] with [REDACTED]", first);
        var history = repo.Git("log", "-p", "--all", "--format=%B");
        Assert.DoesNotContain("jane.doe@example.com", history);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", history);
    }

    /// <summary>The sha of the one commit of the run's branch whose subject starts with <paramref name="subject"/>.</summary>
    private static string Commit(DemoRepo repo, string subject) =>
        repo.Git("log", "--format=%H %s", "main..feature/sprint-1")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Single(l => l[41..].StartsWith(subject, StringComparison.Ordinal))[..40];
}
