using System.Text.Json;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>Post-PR validation of 002 through the real `ias run`: after the draft, the PR audit and the E2E tester, each with a fix loop, to READY_FOR_HITL.</summary>
public sealed class PostPrValidationTests
{
    [Fact]
    public async Task A_clean_pr_passes_its_audit_and_e2e_testing_and_waits_ready_for_hitl()
    {
        using var repo = await RepoAsync("post_pr_validation:\n  enabled: true\n  phases: { flatline: { enabled: true } }\nias:\n  test_command: make check\n");

        var run = await repo.IasAsync("run", "sprint-1", "--headless");

        AssertExit(0, run);
        Assert.Contains("COMPLETE → RUNNING (validate)", run.Out);
        Assert.Contains("post-PR audit passed", run.Out);
        Assert.Contains("E2E testing passed", run.Out);
        Assert.Contains("RUNNING → READY_FOR_HITL (validated)", run.Out);
        Assert.Contains("ready for human review", run.Out);
        var state = State(repo);
        Assert.Equal("READY_FOR_HITL", state.GetProperty("state").GetString());
        Assert.Equal("E2E_TESTING", state.GetProperty("phase").GetString());
        Assert.Contains("`make check`", Prompt(repo, "-e2e-testing-"));
        Assert.Single(Jobs(repo, "-post-pr-audit-"));

        var status = await repo.IasAsync("run-status", "--json");
        Assert.Equal(0, status.Code);
        var resume = await repo.IasAsync("run-resume", "--headless");
        Assert.Equal(2, resume.Code);
        Assert.Contains("already finished (READY_FOR_HITL)", resume.Err);
    }

    [Fact]
    public async Task What_the_pr_audit_and_the_tester_find_is_fixed_pushed_to_the_draft_and_checked_again()
    {
        using var repo = await RepoAsync("post_pr_validation:\n  enabled: true\n");
        var scenario = await Scenario.WriteAsync(repo, """{"post_pr_findings": ["POST_PR_AUDIT", "E2E_TESTING"]}""");

        var run = await repo.IasAsync(scenario, "run", "sprint-1", "--headless");

        AssertExit(0, run);
        Assert.Contains("post-PR audit found 1: the PR leaves the feature's error path untested", run.Out);
        Assert.Contains("E2E testing found 1: the greeting fails its acceptance test", run.Out);
        Assert.Equal("READY_FOR_HITL", State(repo).GetProperty("state").GetString());

        // Audit, fix, audit, E2E, fix, audit, E2E: each fix committed on the run's branch and told what to fix.
        Assert.Equal(3, Jobs(repo, "-post-pr-audit-").Length);
        Assert.Equal(2, Jobs(repo, "-e2e-testing-").Length);
        var fixes = Jobs(repo, "-post-pr-fix-").Select(j => File.ReadAllText(Path.Combine(j, "prompt.md"))).ToList();
        Assert.Equal(2, fixes.Count);
        Assert.Contains(fixes, p => p.Contains("[P1] (high) the PR leaves the feature's error path untested", StringComparison.Ordinal));
        Assert.Contains(fixes, p => p.Contains("[E1] (high) the greeting fails its acceptance test", StringComparison.Ordinal));
        var log = await Shell.GitAsync(repo.Path, "log", "--format=%s", "feature/sprint-1");
        Assert.Equal(2, log.Split('\n').Count(s => s.StartsWith("fix(sprint-1): post-PR — ", StringComparison.Ordinal)));
        Assert.Contains("addressed E1", await repo.OnBranchAsync("sim/sprint-1/feature.txt"));
    }

    [Fact]
    public async Task A_tester_that_still_finds_after_its_max_iterations_halts_with_an_incomplete_draft_a_passing_resume_puts_right()
    {
        using var repo = await RepoAsync("post_pr_validation:\n  enabled: true\n  phases:\n    audit: { enabled: false }\n    e2e: { max_iterations: 1 }\n");
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();

        // The implementer of cycle 2 changes nothing: its post-PR fix (in cycle 2 too) never addresses the finding.
        var scenario = await Scenario.WriteAsync(repo, """{"post_pr_findings": ["E2E_TESTING"], "implement_no_changes_cycles": [2]}""");

        var run = await repo.IasAsync(Env(gh.SearchPath, scenario), "run", "sprint-1", "--headless");

        AssertExit(1, run);
        var state = State(repo);
        Assert.Equal("HALTED", state.GetProperty("state").GetString());
        Assert.Contains("E2E testing still finds 1 after 1 fix(es) (post_pr_validation.phases.e2e.max_iterations)", state.GetProperty("halt_reason").GetString());
        Assert.Contains("fix it on branch feature/sprint-1, then `ias run-resume`", run.Out);
        Assert.Empty(Jobs(repo, "-post-pr-audit-"));
        Assert.Equal(2, Jobs(repo, "-e2e-testing-").Length);
        Assert.StartsWith("# [INCOMPLETE] Run Mode: sprint-1", await File.ReadAllTextAsync(repo.File(".run", "pr.md")));
        Assert.Equal("[INCOMPLETE] Run Mode: sprint-1", Arg(gh.Calls.Last(c => c is ["pr", "edit", ..]), "--title"));

        // The person fixes it on the branch; the resumed tester passes, and the draft says what is true now.
        await Shell.GitAsync(repo.WorkTree(), "commit", "-q", "--allow-empty", "-m", "fix the acceptance test by hand"); // in the halted run's worktree
        var edits = gh.Calls.Count(c => c is ["pr", "edit", ..]);
        var resumed = await repo.IasAsync(Env(gh.SearchPath), "run-resume", "--headless");

        AssertExit(0, resumed);
        Assert.Equal("READY_FOR_HITL", State(repo).GetProperty("state").GetString());
        Assert.Equal(edits + 1, gh.Calls.Count(c => c is ["pr", "edit", ..]));
        Assert.Equal("Run Mode: sprint-1", Arg(gh.Calls.Last(c => c is ["pr", "edit", ..]), "--title"));
        Assert.DoesNotContain("INCOMPLETE", gh.EditedBody);
        Assert.DoesNotContain("INCOMPLETE", await File.ReadAllTextAsync(repo.File(".run", "pr.md")));
        Assert.Contains("fix the acceptance test by hand", await origin.SubjectsAsync("feature/sprint-1"));
    }

    private static async Task<TestRepo> RepoAsync(string config)
    {
        var repo = new TestRepo();
        await File.AppendAllTextAsync(repo.ConfigPath, config);
        await Shell.GitAsync(repo.Path, "commit", "-qam", "post-PR validation");
        return repo;
    }

    private static JsonElement State(TestRepo repo) =>
        JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement;

    private static string[] Jobs(TestRepo repo, string step) => Directory.GetDirectories(repo.File(".run", "jobs"), $"*{step}*");

    private static string Prompt(TestRepo repo, string step) => File.ReadAllText(Path.Combine(Jobs(repo, step)[0], "prompt.md"));
}
