using Ias.Core.Safety;
using Ias.Core.Tests.Support;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Git;

/// <summary>Completion (push and draft PR) against a bare origin and a fake gh.</summary>
public sealed class PublishTests
{
    [Fact]
    public async Task A_completed_run_pushes_one_commit_per_productive_cycle_and_opens_a_draft_pr_with_the_deleted_files_tree()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        var mainBefore = await origin.ShaAsync("main");
        var scenario = await Scenario.WriteAsync(repo, """{"delete_files_cycle": 2}""");

        var run = await repo.IasAsync(Env(gh.SearchPath, scenario), "run", "sprint-1", "--headless");

        AssertExit(0, run);
        Assert.Contains("pushed feature/sprint-1 to origin", run.Out);
        Assert.Contains($"opened draft PR {FakeGh.Url}", run.Out);
        Assert.Contains($"draft PR: {FakeGh.Url}", run.Out);

        var state = State(repo);
        var subjects = await origin.SubjectsAsync("feature/sprint-1");
        Assert.Equal(state.GetProperty("cycles").GetProperty("current").GetInt32() + 1, subjects.Length);
        Assert.Equal(state.GetProperty("metrics").GetProperty("commits").GetInt32(), subjects.Length);
        Assert.StartsWith("chore(sprint-1): COMPLETED — ", subjects[0]); // the marker and the last feedback, in the PR
        Assert.All(subjects[1..], s => Assert.Matches(@"^feat\(sprint-1\): cycle \d+ — ", s));

        Assert.Equal((await Shell.GitAsync(repo.Path, "rev-parse", "feature/sprint-1")).Trim(), await origin.ShaAsync("feature/sprint-1"));
        Assert.Equal(mainBefore, await origin.ShaAsync("main"));

        var create = Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);
        Assert.Contains("--draft", create);
        Assert.Equal("Run Mode: sprint-1", Arg(create, "--title"));
        Assert.Equal("feature/sprint-1", Arg(create, "--head"));
        Assert.Equal("main", Arg(create, "--base"));
        Assert.Contains(gh.Calls, c => c is ["auth", "status"]);
        Assert.Contains("## 🗑️ DELETED FILES - REVIEW CAREFULLY", gh.CreatedBody);
        Assert.Contains("**Total: 1 file deleted**", gh.CreatedBody);
        Assert.Contains("```\nsim/sprint-1/\n└── feature.txt (sprint-1, cycle-2)\n```", gh.CreatedBody);
        Assert.Contains("Review: passed in cycle 2. Audit: passed in cycle 2.", gh.CreatedBody);

        Assert.Equal("JACKED_OUT", state.GetProperty("state").GetString());
        Assert.True(state.GetProperty("pushed").GetBoolean());
        Assert.True(state.GetProperty("pr_created").GetBoolean());
        Assert.Equal(FakeGh.Url, state.GetProperty("pr_url").GetString());

        // ICE is gone once the run is: no hook left in .git/hooks, no shim in .run/.
        Assert.False(File.Exists(repo.File(".git", "hooks", "pre-push")));
        Assert.False(Directory.Exists(repo.File(".run", "ice")));
    }

    [Fact]
    public async Task With_gh_signed_out_while_the_run_worked_the_branch_is_pushed_and_the_pr_text_waits_in_pr_md()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh(signsOutAfterFirstCheck: true); // pre-flight finds gh signed in

        var run = await repo.IasAsync(Env(gh.SearchPath), "run", "sprint-1", "--headless");

        AssertExit(0, run);
        Assert.Contains("gh is not signed in (You are not logged into any GitHub hosts.", run.Out);
        Assert.Contains(".run/pr.md", run.Out);
        Assert.NotNull(await origin.ShaAsync("feature/sprint-1"));
        Assert.DoesNotContain(gh.Calls, c => c is ["pr", ..]);
        Assert.StartsWith("# Run Mode: sprint-1\n", await File.ReadAllTextAsync(repo.File(".run", "pr.md")));
        var state = State(repo);
        Assert.True(state.GetProperty("pushed").GetBoolean());
        Assert.False(state.GetProperty("pr_created").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, state.GetProperty("pr_url").ValueKind);
    }

    [Fact]
    public async Task Without_gh_installed_the_branch_is_pushed_and_the_status_says_where_the_pr_text_is()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);

        var run = await repo.IasAsync(Env(PathWithoutGh()), "run", "sprint-1", "--headless");

        AssertExit(0, run);
        Assert.Contains("gh is not installed, so no PR was opened", run.Out);
        Assert.NotNull(await origin.ShaAsync("feature/sprint-1"));
        Assert.True(File.Exists(repo.File(".run", "pr.md")));
    }

    [Fact]
    public async Task A_gh_installed_in_the_home_is_passed_over_with_its_true_reason_and_the_way_out()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        using var home = new TempDir();
        // As `~/.local/bin` or a mise shim holds it: a folder of the home, where an agent could put a program of its own.
        var bin = Directory.CreateDirectory(home.Combine(".local", "bin")).FullName;
        File.Copy(Path.Combine(gh.BinDir, "gh"), Path.Combine(bin, "gh"));
        IceShim.MakeExecutable(Path.Combine(bin, "gh"));
        var env = Env($"{bin}:{PathWithoutGh()}", new Dictionary<string, string> { ["HOME"] = home.Path });

        var preflight = await repo.IasAsync(env, "preflight");
        var run = await repo.IasAsync(env, "run", "sprint-1", "--headless");

        var passed = $"the gh on PATH, {bin}/gh, is under your home, where an agent could put a program of its own, so ias does not run it: install gh system-wide (/usr/bin), or vouch for its folder with IAS_ENGINE_TOOLS={bin}";
        Assert.Contains(passed, preflight.Out);
        AssertExit(0, run);
        Assert.Contains($"no PR was opened: {passed}", run.Out);
        Assert.DoesNotContain("gh is not installed", run.Out);
        Assert.NotNull(await origin.ShaAsync("feature/sprint-1"));
        Assert.Empty(gh.Calls);
    }

    [Fact]
    public async Task Local_keeps_everything_local_even_with_gh_signed_in()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();

        var run = await repo.IasAsync(Env(gh.SearchPath), "run", "sprint-1", "--headless", "--local");

        AssertExit(0, run);
        Assert.Contains("local run: no push, no PR", run.Out);
        Assert.Null(await origin.ShaAsync("feature/sprint-1"));
        Assert.Empty(gh.Calls);
        Assert.False(State(repo).GetProperty("pushed").GetBoolean());
    }

    [Fact]
    public async Task Confirm_push_with_no_terminal_is_a_no_and_nothing_is_pushed()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();

        var run = await repo.IasAsync(Env(gh.SearchPath), "run", "sprint-1", "--headless", "--confirm-push");

        AssertExit(0, run);
        Assert.Contains("--confirm-push with no terminal to ask: treated as no", run.Out);
        Assert.Null(await origin.ShaAsync("feature/sprint-1"));

        // Pre-flight asked gh whether it is signed in (a confirmed push would open a PR), but nothing was opened.
        Assert.Equal([["auth", "status"]], gh.Calls);
    }

    [Fact]
    public async Task Auto_push_false_in_the_config_is_a_local_run()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        await repo.SetConfigAsync("run_mode:\n  enabled: true\n  git:\n    auto_push: false\nagents:\n  default:\n    agent: sim\n");

        var run = await repo.IasAsync(Env(gh.SearchPath), "run", "sprint-1", "--headless");

        AssertExit(0, run);
        Assert.Contains("local run: no push, no PR", run.Out);
        Assert.Null(await origin.ShaAsync("feature/sprint-1"));
    }

    [Fact]
    public async Task A_sprint_commit_pattern_that_misses_our_commits_is_warned_about_at_pre_flight()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync("run_mode:\n  enabled: true\n  git:\n    sprint_commit_pattern: '^fix:'\nagents:\n  default:\n    agent: sim\n");

        var run = await repo.IasAsync("run", "sprint-1", "--dry-run");

        AssertExit(0, run);
        Assert.Contains("warning: run_mode.git.sprint_commit_pattern '^fix:' does not match", run.Out);
    }
}
