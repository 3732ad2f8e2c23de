using System.Text.Json;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Bugs;

/// <summary>
/// Post-PR validation of a bug run's draft PR through the real `ias run --bug`: once the bug's PR is open, the bug's run
/// checks it as a sprint's (POST_PR_AUDIT, E2E_TESTING), its fixes pushed to that PR, to READY_FOR_HITL.
/// </summary>
public sealed class BugPostPrValidationTests
{
    private const string Title = "Greeting is empty for blank names";

    [Fact]
    public async Task A_fixed_bug_has_its_draft_pr_validated_what_the_tester_finds_is_fixed_there_and_it_waits_ready_for_hitl()
    {
        using var repo = await RepoAsync("post_pr_validation:\n  enabled: true\n");
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        var scenario = await Scenario.WriteAsync(repo, """{"post_pr_findings": ["E2E_TESTING"]}""");

        var run = await repo.IasAsync(Env(gh.SearchPath, scenario), "run", "--bug", Title, "--headless");

        AssertExit(0, run);
        var bug = Assert.Single(Bugs(repo));
        Assert.Equal("READY_FOR_HITL", bug.GetProperty("state").GetString());
        Assert.Contains("bug AUDITING → COMPLETED (audit_passed)", run.Out);
        Assert.Contains("post-PR validation checks it (POST_PR_AUDIT, E2E_TESTING)", run.Out);
        Assert.Contains("bug COMPLETED → POST_PR_AUDIT (validate)", run.Out);
        Assert.Contains("bug POST_PR_AUDIT → E2E_TESTING (post_pr_passed)", run.Out);
        Assert.Contains("E2E testing found 1: the greeting fails its acceptance test", run.Out);
        Assert.Contains("bug E2E_TESTING → POST_PR_AUDIT (e2e_fixed)", run.Out);
        Assert.Contains("bug E2E_TESTING → READY_FOR_HITL (validated)", run.Out);
        Assert.Contains("passed post-PR validation: ready for human review", run.Out);
        Assert.Contains($"bug {bug.GetProperty("bug_id").GetString()} READY_FOR_HITL after", run.Out);
        var state = JsonDocument.Parse(await File.ReadAllTextAsync(repo.File(".run", "state.json"))).RootElement;
        Assert.Equal("READY_FOR_HITL", state.GetProperty("state").GetString());
        Assert.Equal("sprint-bug-1", state.GetProperty("target").GetString());

        // The bug's one draft PR, opened by the bug run and updated with the fix pushed to its branch.
        var create = Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);
        Assert.Equal($"Bug Fix: {Title}", Arg(create, "--title"));
        Assert.Contains(gh.Calls, c => c is ["pr", "edit", ..]);
        var subjects = await origin.SubjectsAsync(bug.GetProperty("branch").GetString()!);
        Assert.Single(subjects, s => s.StartsWith("fix(sprint-bug-1): post-PR — ", StringComparison.Ordinal));

        var status = await repo.IasAsync("run-status", "--json");
        Assert.Equal(0, status.Code);
        Assert.Equal("READY_FOR_HITL", JsonDocument.Parse(status.Out).RootElement.GetProperty("bug").GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_bug_pr_check_still_finding_past_its_max_iterations_halts_the_bug_with_an_incomplete_draft()
    {
        using var repo = await RepoAsync("post_pr_validation:\n  enabled: true\n  phases:\n    audit: { enabled: false }\n    e2e: { max_iterations: 1 }\n");
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        var scenario = await Scenario.WriteAsync(repo, """{"post_pr_findings": ["E2E_TESTING"], "implement_no_changes_cycles": [2]}""");

        var run = await repo.IasAsync(Env(gh.SearchPath, scenario), "run", "--bug", Title, "--headless");

        AssertExit(1, run);
        var bug = Assert.Single(Bugs(repo));
        Assert.Equal("HALTED", bug.GetProperty("state").GetString());
        Assert.Contains("E2E testing still finds 1 after 1 fix(es)", bug.GetProperty("halt_reason").GetString());
        Assert.Contains("bug E2E_TESTING → HALTED (halt)", run.Out);
        Assert.Contains("halted in post-PR validation", run.Out);
        var edit = gh.Calls.Last(c => c is ["pr", "edit", ..]);
        Assert.Equal($"[INCOMPLETE] Bug Fix: {Title}", Arg(edit, "--title"));
        Assert.Contains("### Status: INCOMPLETE (HALTED)", gh.EditedBody);

        // A bug is not resumed: its halt says what to do instead, and the morning report puts it among what needs the person.
        Assert.Contains($"finish its draft on branch {bug.GetProperty("branch").GetString()} by hand, or start a new bug run", run.Out);
        Assert.DoesNotContain("then `ias run-resume`", run.Out);
        var report = JsonDocument.Parse((await repo.IasAsync("report", "--json")).Out).RootElement;
        var need = Assert.Single(report.GetProperty("needs").EnumerateArray());
        Assert.Equal("halted", need.GetProperty("kind").GetString());
        Assert.StartsWith("bug: HALTED — E2E testing still finds 1", need.GetProperty("what").GetString());
        Assert.Equal($"ias run --bug '{Title}'", need.GetProperty("command").GetString());
        Assert.Empty(report.GetProperty("finished").EnumerateArray());
    }

    [Fact]
    public async Task A_bug_run_killed_in_post_pr_validation_is_continued_by_run_resume()
    {
        using var repo = await RepoAsync("post_pr_validation:\n  enabled: true\n");
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        var held = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "e2e_tester", "mode": "hold"}]}""");
        await using (var engine = IasProcess.Start(repo.Path, Env(gh.SearchPath, held), "run", "--bug", Title, "--headless", "--no-sandbox"))
        {
            await engine.WaitForLineAsync("e2e_tester (sim) started");
            engine.Kill9();
            await engine.ExitAsync();
        }

        await File.WriteAllTextAsync(release, "");
        Assert.Equal("E2E_TESTING", Assert.Single(Bugs(repo)).GetProperty("state").GetString());

        var resumed = await repo.IasAsync(Env(gh.SearchPath), "run-resume", "--headless", "--no-sandbox");

        AssertExit(0, resumed);
        Assert.Contains("resuming the post-PR validation of bug", resumed.Out);
        Assert.Contains("E2E testing passed", resumed.Out);
        Assert.Contains("bug E2E_TESTING → READY_FOR_HITL (validated)", resumed.Out);
        Assert.Equal("READY_FOR_HITL", Assert.Single(Bugs(repo)).GetProperty("state").GetString());
        Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);
    }

    private static async Task<TestRepo> RepoAsync(string config)
    {
        var repo = new TestRepo();
        await File.AppendAllTextAsync(repo.ConfigPath, config);
        await Shell.GitAsync(repo.Path, "commit", "-qam", "post-PR validation");
        return repo;
    }

    private static List<JsonElement> Bugs(TestRepo repo) =>
        [.. Directory.GetDirectories(repo.File(".run", "bugs")).Select(d => JsonDocument.Parse(File.ReadAllText(Path.Combine(d, "state.json"))).RootElement)];
}
