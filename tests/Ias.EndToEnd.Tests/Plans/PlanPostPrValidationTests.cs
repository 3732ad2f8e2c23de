using System.Text.Json;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Plans;

/// <summary>
/// Post-PR validation of a sprint plan's consolidated draft PR through the real `ias run sprint-plan`: the plan's last
/// sprint's run checks the plan's one PR (POST_PR_AUDIT, E2E_TESTING), its fixes pushed to that PR, to READY_FOR_HITL.
/// </summary>
public sealed class PlanPostPrValidationTests
{
    private const string PostPr = "post_pr_validation:\n  enabled: true\n";

    [Fact]
    public async Task A_consolidated_plan_validates_its_one_draft_pr_fixes_what_the_checks_find_there_and_waits_ready_for_hitl()
    {
        using var repo = await RepoAsync(PostPr);
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        var scenario = await Scenario.WriteAsync(repo, """{"post_pr_findings": ["POST_PR_AUDIT", "E2E_TESTING"]}""");

        var run = await repo.IasAsync(Env(gh.SearchPath, scenario), "run", "sprint-plan", "--headless");

        AssertExit(0, run);
        var plan = Plan(repo);
        Assert.Equal("READY_FOR_HITL", plan.GetProperty("state").GetString());
        Assert.Equal(2, plan.GetProperty("sprints").GetProperty("completed").GetInt32());
        Assert.Equal(FakeGh.Url, plan.GetProperty("pr_url").GetString());
        Assert.Contains($"consolidated draft PR {FakeGh.Url} open; post-PR validation checks it (POST_PR_AUDIT, E2E_TESTING) through sprint-2's run", run.Out);
        Assert.Contains("COMPLETE → RUNNING (validate)", run.Out);
        Assert.Contains("post-PR audit found 1: the PR leaves the feature's error path untested", run.Out);
        Assert.Contains("E2E testing found 1: the greeting fails its acceptance test", run.Out);
        Assert.Contains("RUNNING → READY_FOR_HITL (validated)", run.Out);
        Assert.Contains("post-PR validation passed; the consolidated draft PR", run.Out);

        // The last sprint's run did the checks, once the plan's PR was open; sprint-1's run jacked out as before.
        var state = State(repo);
        Assert.Equal("READY_FOR_HITL", state.GetProperty("state").GetString());
        Assert.Equal("sprint-2", state.GetProperty("target").GetString());
        Assert.Equal(3, Jobs(repo, "-post-pr-audit-").Length);
        Assert.Equal(2, Jobs(repo, "-e2e-testing-").Length);

        // One PR, opened once by the plan; each fix is pushed to its branch and the PR is updated.
        var create = Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);
        Assert.Equal("Run Mode: sprint plan (sprint-1 … sprint-2)", Arg(create, "--title"));
        Assert.True(gh.Calls.Count(c => c is ["pr", "edit", ..]) >= 2, string.Join("\n", gh.Calls.Select(c => string.Join(' ', c))));
        var subjects = await origin.SubjectsAsync(plan.GetProperty("branch").GetString()!);
        Assert.Equal(2, subjects.Count(s => s.StartsWith("fix(sprint-2): post-PR — ", StringComparison.Ordinal)));

        var status = await repo.IasAsync("run-status", "--json");
        Assert.Equal(0, status.Code);
        Assert.Equal("READY_FOR_HITL", JsonDocument.Parse(status.Out).RootElement.GetProperty("sprint_plan").GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_check_still_finding_past_its_max_iterations_halts_the_plan_with_an_incomplete_draft_a_passing_resume_puts_right()
    {
        using var repo = await RepoAsync("post_pr_validation:\n  enabled: true\n  phases:\n    audit: { enabled: false }\n    e2e: { max_iterations: 1 }\n");
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();

        // sprint-2's implementer of cycle 2 changes nothing: its post-PR fix (in cycle 2 too) never addresses the finding.
        var scenario = await Scenario.WriteAsync(repo, """{"post_pr_findings": ["E2E_TESTING"], "implement_no_changes_cycles": [2]}""");

        var run = await repo.IasAsync(Env(gh.SearchPath, scenario), "run", "sprint-plan", "--headless");

        AssertExit(1, run);
        var plan = Plan(repo);
        Assert.Equal("HALTED", plan.GetProperty("state").GetString());
        Assert.Contains("E2E testing still finds 1 after 1 fix(es) (post_pr_validation.phases.e2e.max_iterations)", plan.GetProperty("halt_reason").GetString());
        Assert.Contains("halted in post-PR validation", run.Out);
        var edit = gh.Calls.Last(c => c is ["pr", "edit", ..]);
        Assert.StartsWith("[INCOMPLETE] Run Mode: sprint plan", Arg(edit, "--title"));
        Assert.Contains("halted at the post-PR validation of this PR: E2E testing still finds 1", gh.EditedBody);

        // A resume whose checks pass puts the consolidated draft to what is true now.
        var resumed = await repo.IasAsync(Env(gh.SearchPath), "run-resume", "--headless");

        AssertExit(0, resumed);
        Assert.Equal("READY_FOR_HITL", Plan(repo).GetProperty("state").GetString());
        var last = gh.Calls.Last(c => c is ["pr", "edit", ..]);
        Assert.StartsWith("Run Mode: sprint plan", Arg(last, "--title"));
        Assert.DoesNotContain("INCOMPLETE", gh.EditedBody);
    }

    [Fact]
    public async Task A_plan_whose_engine_is_killed_in_post_pr_validation_is_not_taken_for_finished_and_resume_continues_its_checks()
    {
        using var repo = await RepoAsync(PostPr);
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        var held = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "e2e_tester", "target": "sprint-2", "mode": "hold"}]}""");
        var env = Env(gh.SearchPath, held);
        await using (var engine = IasProcess.Start(repo.Path, env, "run", "sprint-plan", "--headless", "--no-sandbox"))
        {
            await engine.WaitForLineAsync("e2e_tester (sim) started");
            engine.Kill9();
            await engine.ExitAsync();
        }

        await File.WriteAllTextAsync(release, "");
        Assert.Equal("RUNNING", Plan(repo).GetProperty("state").GetString());
        Assert.Equal("E2E_TESTING", State(repo).GetProperty("phase").GetString());

        // Every sprint's commit is on the branch, yet the plan is in the checks of its PR: the git-aware sync leaves it be.
        var status = await repo.IasAsync("run-status");
        Assert.DoesNotContain("git-aware state sync", status.Out);
        Assert.Equal("RUNNING", Plan(repo).GetProperty("state").GetString());

        var resumed = await repo.IasAsync(Env(gh.SearchPath), "run-resume", "--headless", "--no-sandbox");

        AssertExit(0, resumed);
        Assert.Contains("resuming the post-PR validation of sprint plan", resumed.Out);
        Assert.Contains("E2E testing passed", resumed.Out);
        Assert.Equal("READY_FOR_HITL", Plan(repo).GetProperty("state").GetString());
        Assert.Equal("READY_FOR_HITL", State(repo).GetProperty("state").GetString());
        Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);
    }

    [Fact]
    public async Task A_plan_of_one_pr_per_sprint_has_each_sprints_pr_validated_by_its_run_and_ends_ready_for_hitl()
    {
        using var repo = await RepoAsync(PostPr);
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();

        var run = await repo.IasAsync(Env(gh.SearchPath), "run", "sprint-plan", "--no-consolidate", "--headless");

        AssertExit(0, run);
        var plan = Plan(repo);
        Assert.Equal("READY_FOR_HITL", plan.GetProperty("state").GetString());
        Assert.Equal(2, plan.GetProperty("sprints").GetProperty("completed").GetInt32());
        Assert.Contains("one draft PR per sprint, each validated by post-PR validation: ready for human review", run.Out);
        Assert.Equal(2, gh.Calls.Count(c => c is ["pr", "create", ..]));
        Assert.Equal(2, Jobs(repo, "-post-pr-audit-").Length);
        Assert.Equal(2, Jobs(repo, "-e2e-testing-").Length);
        Assert.Equal(2, run.Out.Split('\n').Count(l => l.Contains("RUNNING → READY_FOR_HITL (validated)", StringComparison.Ordinal)));
    }

    private static async Task<TestRepo> RepoAsync(string config)
    {
        var repo = new TestRepo();
        await File.AppendAllTextAsync(repo.ConfigPath, config);
        await Shell.GitAsync(repo.Path, "commit", "-qam", "post-PR validation");
        return repo;
    }

    private static JsonElement Plan(TestRepo repo) =>
        JsonDocument.Parse(File.ReadAllText(repo.File(".run", "sprint-plan-state.json"))).RootElement;

    private static JsonElement State(TestRepo repo) =>
        JsonDocument.Parse(File.ReadAllText(repo.File(".run", "state.json"))).RootElement;

    private static string[] Jobs(TestRepo repo, string step) => Directory.GetDirectories(repo.File(".run", "jobs"), $"*{step}*");
}
