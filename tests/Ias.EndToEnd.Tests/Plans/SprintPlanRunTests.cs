using System.Text.Json;
using Ias.EndToEnd.Tests.Git;
using Ias.EndToEnd.Tests.Support;
using static Ias.EndToEnd.Tests.Git.RunGit;

namespace Ias.EndToEnd.Tests.Plans;

/// <summary>`ias run sprint-plan` with the simulated agent, real git, a bare origin and a fake gh.</summary>
public sealed class SprintPlanRunTests
{
    [Fact]
    public async Task A_two_sprint_plan_runs_both_sprints_on_one_branch_and_opens_one_consolidated_draft_pr()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();

        var run = await repo.IasAsync(Env(gh.SearchPath), "run", "sprint-plan", "--headless");

        AssertExit(0, run);
        var plan = Plan(repo);
        Assert.Equal("JACKED_OUT", plan.GetProperty("state").GetString());
        Assert.Equal(2, plan.GetProperty("sprints").GetProperty("completed").GetInt32());
        var branch = plan.GetProperty("branch").GetString()!;
        Assert.Matches(@"^feature/sprint-plan-\d{8}-\d{6}$", branch);

        // One PR for the whole plan, opened once, on the plan's branch.
        var create = Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);
        Assert.Equal(branch, Arg(create, "--head"));
        Assert.Equal("Run Mode: sprint plan (sprint-1 … sprint-2)", Arg(create, "--title"));
        Assert.Equal(FakeGh.Url, plan.GetProperty("pr_url").GetString());
        Assert.Contains("| Sprint | Status | Cycles | Commits | Files changed |", gh.CreatedBody);
        Assert.Contains("| sprint-1 | completed | 2 | 3 |", gh.CreatedBody); // two cycles' commits and the COMPLETED commit
        Assert.Contains("| sprint-2 | completed | 2 | 3 |", gh.CreatedBody);

        // Commits grouped by sprint, sprint-1's before sprint-2's, each under its own heading.
        var body = gh.CreatedBody;
        var first = body.IndexOf("### sprint-1\n", StringComparison.Ordinal);
        var second = body.IndexOf("### sprint-2\n", StringComparison.Ordinal);
        Assert.True(first > 0 && second > first, body);
        Assert.Matches(@"### sprint-1\n\n- [0-9a-f]{7} feat\(sprint-1\): cycle 1 — .*\n- [0-9a-f]{7} feat\(sprint-1\): cycle 2 — .*\n- [0-9a-f]{7} chore\(sprint-1\): COMPLETED — ", body);
        Assert.Matches(@"### sprint-2\n\n- [0-9a-f]{7} feat\(sprint-2\): cycle 1 — .*\n- [0-9a-f]{7} feat\(sprint-2\): cycle 2 — .*\n- [0-9a-f]{7} chore\(sprint-2\): COMPLETED — ", body);

        // Each sprint's implement commits, then its COMPLETED marker (which a later plan reads to skip it).
        var subjects = await origin.SubjectsAsync(branch);
        Assert.Equal(6, subjects.Length);
        Assert.Equal(4, subjects.Count(s => System.Text.RegularExpressions.Regex.IsMatch(s, @"^feat\(sprint-[12]\): cycle \d+ — ")));
        Assert.Equal(["chore(sprint-2)", "chore(sprint-1)"], subjects.Where(s => s.Contains("COMPLETED", StringComparison.Ordinal)).Select(s => s[..15]));
        Assert.StartsWith("sprint-1 COMPLETED ", await repo.OnBranchAsync("grimoires/loa/a2a/sprint-1/COMPLETED", branch));
        Assert.StartsWith("sprint-2 COMPLETED ", await repo.OnBranchAsync("grimoires/loa/a2a/sprint-2/COMPLETED", branch));
        Assert.Contains("sprint-2 completed in 2 cycle(s); 2 of 2 sprint(s) done", run.Out);
    }

    [Fact]
    public async Task From_2_skips_sprint_1_entirely()
    {
        using var repo = new TestRepo();

        var run = await repo.IasAsync("run", "sprint-plan", "--from", "2", "--local", "--headless");

        AssertExit(0, run);
        var plan = Plan(repo);
        var list = plan.GetProperty("sprints").GetProperty("list");
        Assert.Equal(1, list.GetArrayLength());
        Assert.Equal("sprint-2", list[0].GetProperty("id").GetString());
        Assert.Equal(2, plan.GetProperty("options").GetProperty("from").GetInt32());
        var log = await Shell.GitAsync(repo.Path, "log", "--format=%s", $"main..{plan.GetProperty("branch").GetString()}");
        Assert.DoesNotContain("sprint-1", log);
        Assert.Contains("feat(sprint-2)", log);
    }

    [Fact]
    public async Task A_rerun_skips_the_sprints_the_previous_plan_completed()
    {
        using var repo = new TestRepo();
        AssertExit(0, await repo.IasAsync("run", "sprint-plan", "--to", "1", "--local", "--headless"));
        var branch = Plan(repo).GetProperty("branch").GetString()!;
        var before = (await Shell.GitAsync(repo.Path, "log", "--format=%s", $"main..{branch}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var rerun = await repo.IasAsync("run", "sprint-plan", "--local", "--headless");

        AssertExit(0, rerun);
        Assert.Contains("sprint-1 already completed: skipped", rerun.Out);
        var list = Plan(repo).GetProperty("sprints").GetProperty("list");
        Assert.True(list[0].GetProperty("skipped").GetBoolean());
        Assert.Equal("completed", list[1].GetProperty("status").GetString());
        Assert.False(list[1].GetProperty("skipped").GetBoolean());
        Assert.Equal(branch, Plan(repo).GetProperty("branch").GetString()); // the rerun went on on the previous plan's branch
        var after = (await Shell.GitAsync(repo.Path, "log", "--format=%s", $"main..{branch}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(before.Count(s => s.StartsWith("feat(sprint-1)", StringComparison.Ordinal)), after.Count(s => s.StartsWith("feat(sprint-1)", StringComparison.Ordinal)));
        Assert.Contains(after, s => s.StartsWith("feat(sprint-2)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rerun_with_every_sprint_completed_runs_nothing_and_keeps_the_previous_record()
    {
        using var repo = new TestRepo();
        AssertExit(0, await repo.IasAsync("run", "sprint-plan", "--to", "1", "--local", "--headless"));
        var before = await File.ReadAllTextAsync(repo.File(".run", "sprint-plan-state.json"));
        var head = await Shell.GitAsync(repo.Path, "rev-parse", "HEAD");

        var rerun = await repo.IasAsync("run", "sprint-plan", "--to", "1", "--local", "--headless");

        AssertExit(0, rerun);
        Assert.Contains("nothing to run: sprint-1 already completed", rerun.Out);
        Assert.Equal(before, await File.ReadAllTextAsync(repo.File(".run", "sprint-plan-state.json")));
        Assert.Equal(head, await Shell.GitAsync(repo.Path, "rev-parse", "HEAD"));
    }

    [Fact]
    public async Task A_plan_works_in_a_worktree_of_its_own_and_leaves_the_checkouts_uncommitted_work_as_it_was()
    {
        using var repo = new TestRepo();
        await File.WriteAllTextAsync(repo.File("stray.txt"), "uncommitted\n");

        var run = await repo.IasAsync("run", "sprint-plan", "--headless");

        AssertExit(0, run);
        Assert.Contains("your uncommitted changes are not part of this run; it starts from main at ", run.Out);
        Assert.Equal("?? stray.txt", (await Shell.GitAsync(repo.Path, "status", "--porcelain")).Trim());
        Assert.Equal("uncommitted\n", await File.ReadAllTextAsync(repo.File("stray.txt")));
        Assert.Equal("main", (await Shell.GitAsync(repo.Path, "branch", "--show-current")).Trim());
        Assert.DoesNotContain("ias/worktrees", await Shell.GitAsync(repo.Path, "worktree", "list")); // given back at its end
    }

    [Fact]
    public async Task No_consolidate_opens_one_draft_pr_per_sprint_each_from_its_own_branch()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();

        var run = await repo.IasAsync(Env(gh.SearchPath), "run", "sprint-plan", "--no-consolidate", "--headless");

        AssertExit(0, run);
        var creates = gh.Calls.Where(c => c is ["pr", "create", ..]).ToList();
        Assert.Equal(2, creates.Count);
        Assert.Equal("Run Mode: sprint-1", Arg(creates[0], "--title"));
        Assert.Equal("Run Mode: sprint-2", Arg(creates[1], "--title"));
        Assert.EndsWith("-sprint-1", Arg(creates[0], "--head"));
        Assert.EndsWith("-sprint-2", Arg(creates[1], "--head"));
        Assert.NotNull(await origin.ShaAsync(Arg(creates[1], "--head")!));
        Assert.Equal("JACKED_OUT", Plan(repo).GetProperty("state").GetString());
        Assert.False(Plan(repo).GetProperty("options").GetProperty("consolidate").GetBoolean());
    }

    [Fact]
    public async Task A_halt_mid_plan_keeps_the_plan_state_and_resume_finishes_the_plan()
    {
        using var repo = new TestRepo();
        using var origin = await BareOrigin.AddToAsync(repo.Path);
        using var gh = new FakeGh();
        var failing = await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "target": "sprint-2", "mode": "auth"}]}""");

        var halted = await repo.IasAsync(Env(gh.SearchPath, failing), "run", "sprint-plan", "--headless");

        AssertExit(1, halted);
        var plan = Plan(repo);
        Assert.Equal("HALTED", plan.GetProperty("state").GetString());
        Assert.Equal("sprint-2", plan.GetProperty("sprints").GetProperty("current").GetString());
        Assert.Equal(1, plan.GetProperty("sprints").GetProperty("completed").GetInt32());
        Assert.Equal("in_progress", plan.GetProperty("sprints").GetProperty("list")[1].GetProperty("status").GetString());
        Assert.Contains("not logged in to sim", plan.GetProperty("halt_reason").GetString());
        // The halt publishes the plan so far as an [INCOMPLETE] consolidated draft.
        var create = Assert.Single(gh.Calls, c => c is ["pr", "create", ..]);
        Assert.StartsWith("[INCOMPLETE] Run Mode: sprint plan", Arg(create, "--title"));
        var planId = plan.GetProperty("plan_id").GetString();

        var resumed = await repo.IasAsync(Env(gh.SearchPath), "run-resume", "--headless");

        AssertExit(0, resumed);
        plan = Plan(repo);
        Assert.Equal(planId, plan.GetProperty("plan_id").GetString());
        Assert.Equal("JACKED_OUT", plan.GetProperty("state").GetString());
        Assert.Equal(2, plan.GetProperty("sprints").GetProperty("completed").GetInt32());
        var edit = gh.Calls.Last(c => c is ["pr", "edit", ..]);
        Assert.Equal("Run Mode: sprint plan (sprint-1 … sprint-2)", Arg(edit, "--title"));
        Assert.Contains("| sprint-2 | completed |", gh.EditedBody);
        var subjects = await origin.SubjectsAsync(plan.GetProperty("branch").GetString()!);
        Assert.Contains(subjects, s => s.StartsWith("feat(sprint-2): cycle 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Jack_out_ends_a_halted_plan_and_its_halted_sprint_and_a_new_plan_may_start()
    {
        using var repo = new TestRepo();
        var failing = await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "target": "sprint-2", "mode": "auth"}]}""");
        AssertExit(1, await repo.IasAsync(failing, "run", "sprint-plan", "--local", "--headless"));

        var jackOut = await repo.IasAsync("run-halt", "--jack-out");

        AssertExit(0, jackOut);
        Assert.Contains("ENDED (JACKED_OUT)", jackOut.Out);
        var plan = Plan(repo);
        Assert.Equal("JACKED_OUT", plan.GetProperty("state").GetString());
        Assert.Contains("not logged in to sim", plan.GetProperty("halt_reason").GetString()); // why it stopped stays on record
        Assert.Equal("in_progress", plan.GetProperty("sprints").GetProperty("list")[1].GetProperty("status").GetString());
        var state = JsonDocument.Parse(await File.ReadAllTextAsync(repo.File(".run", "state.json"))).RootElement;
        Assert.Equal("JACKED_OUT", state.GetProperty("state").GetString());
        AssertExit(2, await repo.IasAsync("run-resume", "--headless"));

        await Shell.GitAsync(repo.Path, "switch", "--quiet", "main");
        var next = await repo.IasAsync("run", "sprint-plan", "--local", "--headless");
        AssertExit(0, next);
        Assert.NotEqual(plan.GetProperty("plan_id").GetString(), Plan(repo).GetProperty("plan_id").GetString());
    }

    [Fact]
    public async Task A_dry_run_of_the_plan_checks_every_pending_sprint_and_writes_nothing()
    {
        using var repo = new TestRepo();
        var before = await Shell.GitAsync(repo.Path, "status", "--porcelain", "--ignored");

        var dry = await repo.IasAsync("run", "sprint-plan", "--dry-run", "--from", "2");

        AssertExit(0, dry);
        Assert.Contains("dry run: pre-flight passed for the sprint plan", dry.Out);
        Assert.Contains("sprints     sprint-2\n", dry.Out);
        Assert.Contains("one consolidated draft PR", dry.Out);
        Assert.False(Directory.Exists(repo.File(".run")));
        Assert.Equal(before, await Shell.GitAsync(repo.Path, "status", "--porcelain", "--ignored"));
        Assert.Equal("main", (await Shell.GitAsync(repo.Path, "branch", "--show-current")).Trim());

        var refused = await repo.IasAsync("run", "sprint-plan", "--dry-run", "--from", "3");
        AssertExit(2, refused);
        Assert.Contains("--from 3 is after --to 2", refused.Err);
    }

    [Fact]
    public async Task Run_halt_from_a_second_process_during_sprint_2_halts_the_plan_and_resume_finishes_it()
    {
        using var repo = new TestRepo();
        // Sprint 2's implementer waits mid-turn for the release file, so the halt surely arrives while it works.
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        var env = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "target": "sprint-2", "cycle": 1, "mode": "hold"}]}""");
        await using var engine = IasProcess.Start(repo.Path, env, "run", "sprint-plan", "--local", "--headless");
        await engine.WaitForLineAsync("sprint-2 (2 of 2)");
        await engine.WaitForLineAsync("implementer (sim) started");

        var halt = await repo.IasAsync("run-halt", "--reason", "lunch");
        await File.WriteAllTextAsync(release, "");

        Assert.True(halt.Code == 0, halt.Out + halt.Err);
        Assert.Equal(1, await engine.ExitAsync());
        var plan = Plan(repo);
        Assert.Equal("HALTED", plan.GetProperty("state").GetString());
        Assert.Equal("lunch", plan.GetProperty("halt_reason").GetString());
        Assert.Equal("sprint-2", plan.GetProperty("sprints").GetProperty("current").GetString());
        Assert.Equal(1, plan.GetProperty("sprints").GetProperty("completed").GetInt32());

        var resumed = await repo.IasAsync(env, "run-resume", "--headless");

        AssertExit(0, resumed);
        Assert.Contains("resuming sprint plan", resumed.Out);
        Assert.Contains("HALTED → RUNNING", resumed.Out);
        plan = Plan(repo);
        Assert.Equal("JACKED_OUT", plan.GetProperty("state").GetString());
        Assert.Equal(2, plan.GetProperty("sprints").GetProperty("completed").GetInt32());
        Assert.Equal(JsonValueKind.Null, plan.GetProperty("halt_reason").ValueKind);
    }

    [Fact]
    public async Task Resume_starts_again_a_sprint_whose_run_was_stopped_during_jack_in_and_finishes_the_plan()
    {
        using var repo = new TestRepo();
        // Sprint 2's implementer waits mid-turn, so a halt stops the plan in sprint 2 with its run recorded.
        var release = Path.Combine(Path.GetDirectoryName(repo.Path)!, $"release-{Guid.NewGuid():N}");
        var env = await Scenario.WriteAsync(repo, $$"""{"hold_file": {{JsonSerializer.Serialize(release)}}, "fail": [{"role": "implementer", "target": "sprint-2", "cycle": 1, "mode": "hold"}]}""");
        await using (var engine = IasProcess.Start(repo.Path, env, "run", "sprint-plan", "--local", "--headless"))
        {
            await engine.WaitForLineAsync("sprint-2 (2 of 2)");
            await engine.WaitForLineAsync("implementer (sim) started");
            AssertExit(0, await repo.IasAsync("run-halt", "--force"));
            Assert.Equal(1, await engine.ExitAsync());
        }

        await File.WriteAllTextAsync(release, "");
        // As an engine killed between creating sprint 2's run and passing its pre-flight leaves it.
        using (var store = Ias.Core.Storage.RunStore.Open(repo.File(".run", "ias.db")))
        {
            var runs = new Ias.Core.Cycles.Records.RunRecords(store);
            runs.SaveRun(runs.CurrentRun()! with { State = Ias.Core.Cycles.Lifecycle.RunState.JackIn });
        }

        var resumed = await repo.IasAsync(env, "run-resume", "--headless");

        AssertExit(0, resumed);
        var plan = Plan(repo);
        Assert.Equal("JACKED_OUT", plan.GetProperty("state").GetString());
        Assert.Equal(2, plan.GetProperty("sprints").GetProperty("completed").GetInt32());
    }

    [Fact]
    public async Task A_plan_left_at_RUNNING_is_marked_JACKED_OUT_by_the_git_aware_sync_only_when_git_holds_every_sprint()
    {
        using var repo = new TestRepo();
        AssertExit(0, await repo.IasAsync("run", "sprint-plan", "--local", "--headless"));
        var branch = Plan(repo).GetProperty("branch").GetString()!;
        // A lost session leaves the file at RUNNING although the sprints' commits landed, and the plan's worktree behind.
        LoseSession(repo);
        var tree = repo.WorkTree(Plan(repo).GetProperty("plan_id").GetString()!);
        await Shell.GitAsync(repo.Path, "worktree", "add", "--quiet", tree, branch);

        // Back past sprint 2's two cycle commits and its COMPLETED commit: only sprint 1 is in git.
        await Shell.GitAsync(tree, "switch", "--quiet", "-c", "partial", "HEAD~3");
        var partial = await repo.IasAsync("run-status");
        Assert.Contains("no engine is running it: 1 of 2 sprint commit(s) on main..HEAD", partial.Out);
        Assert.Equal("RUNNING", Plan(repo).GetProperty("state").GetString());

        await Shell.GitAsync(tree, "switch", "--quiet", branch);
        var status = await repo.IasAsync("run-status");
        Assert.Contains("git-aware state sync: 2 of 2 sprint commit(s) found on main..HEAD, so the plan was marked JACKED_OUT", status.Out);
        var plan = Plan(repo);
        Assert.Equal("JACKED_OUT", plan.GetProperty("state").GetString());
        Assert.True(plan.GetProperty("git_inferred").GetBoolean());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", plan.GetProperty("git_inferred_at").GetString());

        // The same sync runs first when the plan is resumed.
        LoseSession(repo);
        var resumed = await repo.IasAsync("run-resume", "--headless");
        AssertExit(0, resumed);
        Assert.Contains("git-aware state sync: 2 of 2 sprint commit(s)", resumed.Out);
        Assert.Equal("JACKED_OUT", Plan(repo).GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("--from", "--from, --to and --no-consolidate belong to `ias run sprint-plan`")]
    [InlineData("--no-consolidate", "--from, --to and --no-consolidate belong to `ias run sprint-plan`")]
    public async Task Plan_options_on_a_single_sprint_are_refused_in_one_line(string option, string message)
    {
        using var repo = new TestRepo();
        string[] args = option == "--from" ? ["run", "sprint-1", option, "2", "--headless"] : ["run", "sprint-1", option, "--headless"];

        var run = await repo.IasAsync(args);

        AssertExit(2, run);
        Assert.Equal($"ias: {message}", run.Err.Trim());
        Assert.False(File.Exists(repo.File(".run", "state.json")));
    }

    [Fact]
    public async Task A_backwards_range_is_refused_in_one_line_and_writes_no_plan()
    {
        using var repo = new TestRepo();

        var run = await repo.IasAsync("run", "sprint-plan", "--from", "2", "--to", "1", "--headless");

        AssertExit(2, run);
        Assert.Equal("ias: --from 2 is after --to 1: give a range such as --from 2 --to 4", run.Err.Trim());
        Assert.False(File.Exists(repo.File(".run", "sprint-plan-state.json")));
    }

    private static void LoseSession(TestRepo repo)
    {
        var path = repo.File(".run", "sprint-plan-state.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"state\": \"JACKED_OUT\"", "\"state\": \"RUNNING\"", StringComparison.Ordinal));
    }

    private static JsonElement Plan(TestRepo repo) =>
        JsonDocument.Parse(File.ReadAllText(repo.File(".run", "sprint-plan-state.json"))).RootElement;
}
