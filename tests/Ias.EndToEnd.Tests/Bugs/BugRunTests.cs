using System.Text.Json;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Bugs;

/// <summary>`ias run --bug` with the simulated agent, real git, a bare origin and a fake gh.</summary>
public sealed class BugRunTests
{
    private const string Config = "run_mode:\n  enabled: true\nagents:\n  default:\n    agent: sim\n";

    [Fact]
    public async Task A_bug_in_auth_halts_without_allow_high_and_is_fixed_with_it()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(Config);
        Directory.CreateDirectory(repo.File("auth"));
        await File.WriteAllTextAsync(repo.File("auth", "session.txt"), "token check\n");
        await Shell.GitAsync(repo.Path, "add", "-A");
        await Shell.GitAsync(repo.Path, "commit", "-qm", "auth");
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        var scenario = await Scenario.WriteAsync(repo, """{"bug_file": "auth/session.txt"}""");
        var env = Env(gh.SearchPath, scenario);

        var halted = await repo.IasAsync(env, "run", "--bug", "Token check rejects valid sessions", "--headless");

        AssertExit(1, halted);
        Assert.Contains("High-risk area detected (auth/payment/migration). Use --allow-high to proceed. (auth/session.txt)", halted.Out);
        var first = Assert.Single(Bugs(repo));
        Assert.Equal("HALTED", first.GetProperty("state").GetString());
        Assert.Equal("high", first.GetProperty("confidence").GetProperty("risk_level").GetString());
        Assert.Equal(0, first.GetProperty("circuit_breaker").GetProperty("cycle_count").GetInt32());
        Assert.DoesNotContain(gh.Calls, c => c is ["pr", ..]);
        Assert.Null(await origin.ShaAsync(first.GetProperty("branch").GetString()!));
        Assert.Equal("token check\n", await File.ReadAllTextAsync(repo.File("auth", "session.txt")));
        Assert.False(File.Exists(repo.File(".git", "hooks", "pre-push")), "ICE's hook around triage is gone with it");
        Assert.NotEmpty(await repo.OnBranchAsync($"grimoires/loa/a2a/bug-{first.GetProperty("bug_id").GetString()}/triage.md", first.GetProperty("branch").GetString()!));

        // Halted at triage, it made no run, and is shown all the same: run-status and run-resume say what it is and what to do.
        var status = await repo.IasAsync("run-status");
        Assert.Equal(1, status.Code);
        Assert.DoesNotContain("no run here yet", status.Out);
        Assert.Contains($"bug        {first.GetProperty("bug_id").GetString()}  HALTED: Token check rejects valid sessions", status.Out);
        Assert.Contains("start it again with `ias run --bug 'Token check rejects valid sessions' --allow-high` once a change to auth/session.txt is yours to allow", status.Out);
        var resume = await repo.IasAsync("run-resume", "--headless");
        Assert.Equal(2, resume.Code);
        Assert.Contains($"bug {first.GetProperty("bug_id").GetString()} halted at triage (High-risk area detected", resume.Err);

        await Shell.GitAsync(repo.Path, "switch", "--quiet", "main");
        var fixedRun = await repo.IasAsync(env, "run", "--bug", "Token check rejects valid sessions", "--allow-high", "--headless");

        AssertExit(0, fixedRun);
        var bug = Bugs(repo).Single(b => b.GetProperty("state").GetString() == "COMPLETED");
        var id = bug.GetProperty("bug_id").GetString()!;
        Assert.Matches(@"^\d{8}-[0-9a-f]{6}$", id);
        Assert.Equal("sprint-bug-2", bug.GetProperty("sprint_id").GetString());
        Assert.Equal($"bugfix/{id}", bug.GetProperty("branch").GetString());
        Assert.Equal("high", bug.GetProperty("confidence").GetProperty("risk_level").GetString());
        Assert.True(bug.GetProperty("confidence").GetProperty("files_changed").GetInt32() >= 1);
        Assert.NotNull(await origin.ShaAsync($"bugfix/{id}"));
        var diff = await Shell.GitAsync(repo.Path, "diff", "--name-only", $"main..bugfix/{id}");
        Assert.Contains("auth/session.txt", diff);
        Assert.Contains($"grimoires/loa/a2a/bug-{id}/triage.md", diff);

        // The artifacts the PR names exist on its branch, with the COMPLETED marker of the fixed bug.
        Assert.Contains("**Verdict**: All good", await Shell.GitAsync(origin.Path, "show", $"bugfix/{id}:grimoires/loa/a2a/bug-{id}/reviewer.md"));
        Assert.Contains("**Verdict**: APPROVED", await Shell.GitAsync(origin.Path, "show", $"bugfix/{id}:grimoires/loa/a2a/bug-{id}/auditor-sprint-feedback.md"));
        Assert.StartsWith("sprint-bug-2 COMPLETED ", await Shell.GitAsync(origin.Path, "show", $"bugfix/{id}:grimoires/loa/a2a/bug-{id}/COMPLETED"));

        // The bug-scoped breaker (10 cycles, 2 h, same issue 3, no progress 5), namespaced per bug.
        using var breaker = JsonDocument.Parse(await File.ReadAllTextAsync(repo.File(".run", "bugs", id, "circuit-breaker.json")));
        var triggers = breaker.RootElement.GetProperty("triggers");
        Assert.Equal(10, triggers.GetProperty("cycle_count").GetProperty("limit").GetInt32());
        Assert.Equal(2, triggers.GetProperty("timeout").GetProperty("limit_hours").GetDouble());
        Assert.Equal(3, breaker.RootElement.GetProperty("thresholds").GetProperty("same_issue").GetInt32());
        Assert.Equal(5, breaker.RootElement.GetProperty("thresholds").GetProperty("no_progress").GetInt32());

        var create = Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);
        Assert.Contains("--draft", create);
        Assert.Equal("Bug Fix: Token check rejects valid sessions", Arg(create, "--title"));
        Assert.Equal($"bugfix/{id}", Arg(create, "--head"));
        Assert.Contains($"**Bug ID**: {id}", gh.CreatedBody);
        Assert.Contains("### Confidence Signals\n- Reproduction: strong\n- Test type: unit\n", gh.CreatedBody);
        Assert.Contains("- Risk level: high\n", gh.CreatedBody);
        Assert.Contains($"- Triage: grimoires/loa/a2a/bug-{id}/triage.md", gh.CreatedBody);
        Assert.Contains("### Status: READY FOR HUMAN REVIEW", gh.CreatedBody);
        Assert.Contains("bug IMPLEMENTING → REVIEWING (implemented)", fixedRun.Out);
        Assert.Contains("bug AUDITING → COMPLETED (audit_passed)", fixedRun.Out);
    }

    [Fact]
    public async Task A_bug_run_that_trips_the_bug_scoped_breaker_halts_for_good_and_the_next_bug_run_may_start()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync(Config);
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        var scenario = await Scenario.WriteAsync(repo, """{"same_findings_always": true}""");

        var run = await repo.IasAsync(Env(gh.SearchPath, scenario), "run", "--bug", "Greeting is empty for blank names", "--headless");

        AssertExit(1, run);
        var bug = Assert.Single(Bugs(repo));
        Assert.Equal("HALTED", bug.GetProperty("state").GetString());
        Assert.Contains("same finding hash", bug.GetProperty("halt_reason").GetString());
        Assert.Equal(3, bug.GetProperty("circuit_breaker").GetProperty("same_issue_count").GetInt32());
        Assert.Equal(3, bug.GetProperty("circuit_breaker").GetProperty("cycle_count").GetInt32());
        Assert.Contains("bug REVIEWING → HALTED (halt)", run.Out);
        var create = Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);
        Assert.Equal("[INCOMPLETE] Bug Fix: Greeting is empty for blank names", Arg(create, "--title"));
        Assert.Contains("### Status: INCOMPLETE (HALTED)", gh.CreatedBody);
        var folder = $"grimoires/loa/a2a/bug-{bug.GetProperty("bug_id").GetString()}";
        var branch = bug.GetProperty("branch").GetString();
        Assert.Contains("**Verdict**: CHANGES REQUIRED", await Shell.GitAsync(origin.Path, "show", $"{branch}:{folder}/reviewer.md"));
        Assert.False(File.Exists(Path.Combine(repo.Path, folder, "COMPLETED")), "a halted bug is not COMPLETED");

        // A bug's HALTED has no way out, so its run jacks out and tells of the next bug run, never of a resume.
        Assert.Contains("start a new bug run with `ias run --bug", run.Out);
        Assert.DoesNotContain("--reset-ice", run.Out);
        Assert.Contains("HALTED → JACKED_OUT (jack_out): a bug run is not resumed", run.Out);
        Assert.Equal("JACKED_OUT", JsonDocument.Parse(await File.ReadAllTextAsync(repo.File(".run", "state.json"))).RootElement.GetProperty("state").GetString());

        var status = await repo.IasAsync("run-status");
        Assert.Contains($"bug        {bug.GetProperty("bug_id").GetString()}  HALTED: Greeting is empty for blank names (sprint-bug-1 on bugfix/", status.Out);

        var resume = await repo.IasAsync(Env(gh.SearchPath), "run-resume", "--headless");
        AssertExit(2, resume);
        Assert.Contains("is the bug run sprint-bug-1, and a bug run is not resumed", resume.Err);

        await Shell.GitAsync(repo.Path, "switch", "--quiet", "main");
        var next = await repo.IasAsync(Env(gh.SearchPath), "run", "--bug", "Greeting is empty for blank names", "--local", "--headless");
        AssertExit(0, next);
        Assert.Contains(Bugs(repo), b => b.GetProperty("sprint_id").GetString() == "sprint-bug-2" && b.GetProperty("state").GetString() == "COMPLETED");
    }

    [Fact]
    public async Task From_issue_reads_the_issue_through_gh_for_the_title_and_the_triage()
    {
        using var repo = new TestRepo();
        using var gh = new FakeGh();

        var run = await repo.IasAsync(Env(gh.SearchPath), "run", "--bug", "--from-issue", "42", "--local", "--headless");

        AssertExit(0, run);
        Assert.Contains("read issue #42 through gh: Token check rejects valid sessions", run.Out);
        Assert.Contains(gh.Calls, c => c is ["issue", "view", "42", ..]);
        var bug = Assert.Single(Bugs(repo));
        Assert.Equal("Token check rejects valid sessions", bug.GetProperty("bug_title").GetString());
        Assert.Equal(42, bug.GetProperty("issue").GetInt32());
        var triagePrompt = await File.ReadAllTextAsync(Directory.GetFiles(repo.File(".run", "jobs"), "prompt.md", SearchOption.AllDirectories)
            .Single(p => p.Contains("-triage", StringComparison.Ordinal)));
        Assert.Contains("auth/session.txt refuses tokens that are still valid.", triagePrompt);
    }

    [Fact]
    public async Task From_issue_without_gh_says_so_in_one_line_and_triages_from_the_number()
    {
        using var repo = new TestRepo();

        var run = await repo.IasAsync(Env(PathWithoutGh()), "run", "--bug", "--from-issue", "42", "--local", "--headless");

        AssertExit(0, run);
        Assert.Single(run.Out.Split('\n'), l => l.StartsWith("gh is not installed, so issue #42 was not read", StringComparison.Ordinal));
        Assert.Equal("Issue #42", Assert.Single(Bugs(repo)).GetProperty("bug_title").GetString());
    }

    [Theory]
    [InlineData(new[] { "run", "--bug" }, "--bug needs a description or --from-issue N")]
    [InlineData(new[] { "run", "sprint-1", "--bug", "x" }, "`ias run --bug` takes no target (got \"sprint-1\")")]
    [InlineData(new[] { "run", "sprint-1", "--from-issue", "7" }, "--from-issue belongs to bug runs")]
    [InlineData(new[] { "run" }, "give a target: `ias run sprint-N`, `ias run sprint-plan`, or `ias run --bug \"description\"`")]
    public async Task A_bug_form_that_does_not_fit_is_refused_in_one_line(string[] args, string message)
    {
        using var repo = new TestRepo();

        var run = await repo.IasAsync([.. args, "--headless"]);

        AssertExit(2, run);
        Assert.StartsWith($"ias: {message}", run.Err.Trim());
        Assert.Single(run.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(repo.File(".run", "bugs")));
    }

    private static List<JsonElement> Bugs(TestRepo repo) =>
        Directory.Exists(repo.File(".run", "bugs"))
            ? [.. Directory.GetDirectories(repo.File(".run", "bugs"))
                .Select(d => JsonDocument.Parse(File.ReadAllText(Path.Combine(d, "state.json"))).RootElement)]
            : [];
}
