using System.Text.Json;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>
/// The draft PR's "Test results" through the real `ias`: the project's test command, run once by ias before publishing,
/// in a throwaway checkout inside the agent's box, with its outcome, exit code, duration and redacted output tail.
/// </summary>
public sealed class TestResultsTests
{
    [Fact]
    public async Task A_passing_command_is_reported_and_what_it_wrote_stays_out_of_the_work_tree()
    {
        // The command sees the committed work and writes beside it, as builds do.
        using var repo = await RepoAsync("test -f sim/sprint-1/feature.txt && echo 'suite: 4 passed' && echo built > build-output.txt");

        var run = await repo.IasAsync("run", "sprint-1", "--headless");

        AssertExit(0, run);
        Assert.Contains("tests passed: `test -f sim/sprint-1/feature.txt && echo 'suite: 4 passed' && echo built > build-output.txt` exited 0 after", run.Out);
        var pr = Pr(repo);
        Assert.Contains("## Test results\n\n**Tests passed.** `test -f sim/sprint-1/feature.txt && echo 'suite: 4 passed' && echo built > build-output.txt` exited with code 0 after", pr);
        Assert.Contains("inside the agent's box", pr);
        Assert.Contains("```text\nsuite: 4 passed\n```", pr);
        Assert.Contains("Review: passed in cycle 2", pr);

        // Nothing of the test run in the run's tree or its history, and git keeps no record of the throwaway checkout.
        Assert.False(File.Exists(repo.File("build-output.txt")));
        Assert.Equal("", (await Shell.GitAsync(repo.Path, "status", "--porcelain")).Trim());
        Assert.DoesNotContain("build-output.txt", await Shell.GitAsync(repo.Path, "log", "--name-only", "--format="));
        Assert.Single((await Shell.GitAsync(repo.Path, "worktree", "list")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("suite: 4 passed", await File.ReadAllTextAsync(repo.File(".run", "tests", RunId(repo) + ".log")));
    }

    [Fact]
    public async Task A_failing_command_heads_the_section_with_its_exit_code_and_tail_and_the_PR_is_still_published()
    {
        using var repo = await RepoAsync("echo 'running 3 tests'; echo 'FAIL greeting_ends_with_a_full_stop: expected \".\"' >&2; exit 3");

        var run = await repo.IasAsync("run", "sprint-1", "--headless");

        AssertExit(0, run);
        Assert.Contains("tests FAILED: `echo 'running 3 tests'; echo 'FAIL greeting_ends_with_a_full_stop: expected \".\"' >&2; exit 3` exited 3 after", run.Out);
        Assert.Equal("JACKED_OUT", State(repo).GetProperty("state").GetString());
        var pr = Pr(repo);
        Assert.Contains("## Test results\n\n**⚠️ Tests FAILED.**", pr);
        Assert.Contains("exited with code 3 after", pr);
        Assert.Contains("Last 2 line(s) of the output:\n\n```text\nrunning 3 tests\nFAIL greeting_ends_with_a_full_stop: expected \".\"\n```", pr);
    }

    [Fact]
    public async Task A_secret_the_command_prints_is_redacted_in_the_PR_and_the_log()
    {
        const string Secret = "ghp_R7xQ2mK9vL4nP8sT1wY6zA3bC5dE0fG2hJ4k";
        using var repo = await RepoAsync($"echo 'using token {Secret} for the API test'");

        var run = await repo.IasAsync("run", "sprint-1", "--headless");

        AssertExit(0, run);
        var pr = Pr(repo);
        Assert.Contains("using token [REDACTED] for the API test", pr);
        Assert.DoesNotContain(Secret, pr);
        Assert.DoesNotContain(Secret, run.Out);
        Assert.DoesNotContain(Secret, await File.ReadAllTextAsync(repo.File(".run", "tests", RunId(repo) + ".log")));
    }

    [Fact]
    public async Task A_command_that_prints_more_than_the_log_keeps_has_its_log_cut_and_the_PR_says_how_much_more_there_was()
    {
        // 23 MB of numbered lines, past the 16 MB the log keeps; the last line is in the PR's tail all the same.
        using var repo = await RepoAsync("seq -f 'test output line %09g of the suite' 1 600000; echo 'suite: 1 failed'; exit 1");

        var run = await repo.IasAsync("run", "sprint-1", "--headless");

        AssertExit(0, run);
        var pr = Pr(repo);
        Assert.Matches(@"exited with code 1 after [0-9.]+ s \(at [0-9a-f]{7}, in a throwaway checkout inside the agent's box; its first 16 MB of output in \.run/tests/[^ ]+\.log … \(cut: 6 MB more\)\)", pr);
        Assert.Contains("suite: 1 failed\n```", pr);
        var log = repo.File(".run", "tests", RunId(repo) + ".log");
        Assert.InRange(new FileInfo(log).Length, 16L * 1024 * 1024 - 100, 16L * 1024 * 1024 + 100);
        Assert.EndsWith("\n… (cut: 6 MB more)\n", await File.ReadAllTextAsync(log));
    }

    [Fact]
    public async Task Without_a_test_command_the_section_says_how_to_set_one()
    {
        using var repo = await RepoAsync(command: null);

        var run = await repo.IasAsync("run", "sprint-1", "--headless");

        AssertExit(0, run);
        Assert.Contains("tests not run: set `ias.test_command` in .loa.config.yaml", run.Out);
        Assert.Contains("## Test results\n\nTests: not run: set `ias.test_command` in .loa.config.yaml.\n", Pr(repo));
        Assert.False(Directory.Exists(repo.File(".run", "tests")));
    }

    [Fact]
    public async Task A_command_that_hangs_is_killed_at_its_limit_and_the_PR_says_so()
    {
        // A limit of 1.2 s: the command announces itself, then never ends on its own.
        using var repo = await RepoAsync("echo 'waiting for a server that never comes'; sleep 600", "test_timeout_minutes: 0.02");

        var run = await repo.IasAsync("run", "sprint-1", "--headless");

        AssertExit(0, run);
        Assert.Contains("tests TIMED OUT: `echo 'waiting for a server that never comes'; sleep 600` killed after", run.Out);
        var pr = Pr(repo);
        Assert.Contains("## Test results\n\n**⚠️ Tests TIMED OUT.**", pr);
        Assert.Contains("at its limit (ias.test_timeout_minutes)", pr);
        Assert.Equal("", (await Shell.GitAsync(repo.Path, "status", "--porcelain")).Trim());
        Assert.Single((await Shell.GitAsync(repo.Path, "worktree", "list")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task In_the_box_the_tests_see_no_credentials_and_without_it_they_run_as_the_agent_does()
    {
        using var repo = await RepoAsync("echo \"gh=${GH_TOKEN:-absent}\"");
        var env = new Dictionary<string, string> { ["GH_TOKEN"] = "visible-outside-the-box" };

        var boxed = await repo.IasAsync(env, "run", "sprint-1", "--headless");

        AssertExit(0, boxed);
        Assert.Contains("gh=absent", Pr(repo));

        using var unboxedRepo = await RepoAsync("echo \"gh=${GH_TOKEN:-absent}\"");
        var unboxed = await unboxedRepo.IasAsync(env, "run", "sprint-1", "--headless", "--no-sandbox");

        AssertExit(0, unboxed);
        var pr = Pr(unboxedRepo);
        Assert.Contains("gh=[REDACTED]", pr); // unboxed, the command saw the token, and the redactor kept it out of the PR
        Assert.DoesNotContain("visible-outside-the-box", pr);
        Assert.Contains("unsandboxed (--no-sandbox)", pr);
    }

    [Fact]
    public async Task A_bug_run_and_a_consolidated_sprint_plan_report_their_tests_in_their_PRs()
    {
        using var bugRepo = await RepoAsync("echo 'bug suite ok'");
        using var gh = new FakeGh();

        var bug = await bugRepo.IasAsync(Env(gh.SearchPath), "run", "--bug", "Greeting is empty for blank names", "--local", "--headless");

        AssertExit(0, bug);
        Assert.Contains("tests passed: `echo 'bug suite ok'` exited 0", bug.Out);
        var bugPr = Pr(bugRepo);
        Assert.Contains("### Test results\n**Tests passed.** `echo 'bug suite ok'` exited with code 0", bugPr);
        Assert.Contains("bug suite ok", bugPr);

        using var planRepo = await RepoAsync("echo 'plan suite ok'");
        var plan = await planRepo.IasAsync("run", "sprint-plan", "--local", "--headless");

        AssertExit(0, plan);
        Assert.Single(plan.Out.Split('\n'), l => l.Contains("tests passed: `echo 'plan suite ok'`", StringComparison.Ordinal));
        Assert.Contains("## Test results\n\n**Tests passed.** `echo 'plan suite ok'` exited with code 0", Pr(planRepo));
    }

    private static async Task<TestRepo> RepoAsync(string? command, string? extra = null)
    {
        var repo = new TestRepo();
        if (command is not null)
        {
            await File.AppendAllTextAsync(repo.ConfigPath, $"ias:\n  test_command: {JsonSerializer.Serialize(command)}\n{(extra is null ? "" : $"  {extra}\n")}");
            await Shell.GitAsync(repo.Path, "commit", "-qam", "test command");
        }

        return repo;
    }

    private static string Pr(TestRepo repo) => File.ReadAllText(repo.File(".run", "pr.md"));

    private static string RunId(TestRepo repo) => State(repo).GetProperty("run_id").GetString()!;
}
