using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>Every bad input is one line on stderr that says what to do, exit code 2, and nothing lost.</summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task Run_mode_is_opt_in_and_says_which_key_to_set()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync("run_mode:\n  enabled: false\n");

        var r = await repo.IasAsync("run", "sprint-1");

        AssertOneLineError(r, "set run_mode.enabled: true");
        Assert.False(File.Exists(repo.File(".run", "state.json")));
    }

    [Fact]
    public async Task A_wrong_type_names_file_line_column_and_the_expected_type()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync("run_mode:\n  enabled: true\n  defaults:\n    max_cycles: twenty\n");

        var r = await repo.IasAsync("run", "sprint-1");

        AssertOneLineError(r, ".loa.config.yaml:4:17");
        Assert.Contains("run_mode.defaults.max_cycles", r.Err);
        Assert.Contains("twenty", r.Err);
    }

    [Fact]
    public async Task Tabs_in_the_config_are_called_out()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync("run_mode:\n\tenabled: true\n");

        var r = await repo.IasAsync("run", "sprint-1");

        AssertOneLineError(r, "tab");
    }

    [Fact]
    public async Task An_unknown_key_warns_with_its_line_and_the_run_goes_on()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync("run_mode:\n  enabled: true\n  defaults:\n    max_cycle: 3\nagents:\n  default:\n    agent: sim\n");

        var r = await repo.IasAsync("run", "sprint-1", "--dry-run");

        Assert.Equal(0, r.Code);
        Assert.Contains(".loa.config.yaml:4:5: unknown key run_mode.defaults.max_cycle", r.Err);
    }

    [Fact]
    public async Task A_missing_sprint_lists_the_ones_the_plan_has()
    {
        using var repo = new TestRepo();

        var r = await repo.IasAsync("run", "sprint-9");

        AssertOneLineError(r, "sprint-9 is not in");
        Assert.Contains("sprint-1, sprint-2", r.Err);
    }

    [Fact]
    public async Task A_protected_branch_name_is_refused()
    {
        using var repo = new TestRepo();

        var r = await repo.IasAsync("run", "sprint-1", "--branch", "release/1.0");

        AssertOneLineError(r, "protected by ICE");
    }

    [Fact]
    public async Task Dry_run_prints_the_plan_and_changes_nothing()
    {
        using var repo = new TestRepo();

        var r = await repo.IasAsync("run", "sprint-1", "--dry-run");

        Assert.Equal(0, r.Code);
        Assert.Contains("feature/sprint-1 (switch from main)", r.Out);
        Assert.Contains("implementer sim", r.Out);
        Assert.Equal("main", (await DemoTests.Git(repo.Path, "branch", "--show-current")).Trim());
        Assert.False(File.Exists(repo.File(".run", "state.json")));
    }

    [Fact]
    public async Task A_corrupt_state_json_is_reported_with_its_path_and_left_as_it_was()
    {
        using var repo = new TestRepo();
        Assert.Equal(0, (await repo.IasAsync("run", "sprint-1")).Code);
        var state = repo.File(".run", "state.json");
        await File.WriteAllTextAsync(state, "{\"run_id\": \"run-1\", \"state\": ");
        var before = await File.ReadAllBytesAsync(state);

        await DemoTests.Git(repo.Path, "switch", "-q", "main");
        var run = await repo.IasAsync("run", "sprint-2");
        var resume = await repo.IasAsync("run-resume");

        AssertOneLineError(run, "state.json");
        AssertOneLineError(resume, "state.json");
        Assert.Equal(before, await File.ReadAllBytesAsync(state));
    }

    [Fact]
    public async Task Status_without_a_run_exits_2_and_says_how_to_start()
    {
        using var repo = new TestRepo();

        var r = await repo.IasAsync("run-status", "--json");

        Assert.Equal(2, r.Code);
        Assert.Contains("\"state\": null", r.Out);
    }

    [Fact]
    public async Task Resume_without_a_run_says_how_to_start_one()
    {
        using var repo = new TestRepo();

        AssertOneLineError(await repo.IasAsync("run-resume"), "ias run sprint-N");
    }

    [Fact]
    public async Task A_missing_agent_cli_is_named_with_how_to_install_it()
    {
        using var repo = new TestRepo();
        await repo.SetConfigAsync("run_mode:\n  enabled: true\nagents:\n  default:\n    agent: claude\n    command: /nonexistent/claude\n");

        AssertOneLineError(await repo.IasAsync("run", "sprint-1"), "/nonexistent/claude not found");
    }

    [Fact]
    public async Task A_malformed_scenario_is_one_line_naming_the_file_and_halts_the_run_at_its_first_turn()
    {
        using var repo = new TestRepo();
        var env = await Scenario.WriteAsync(repo, """{"fail": [{"role": "implementer", "mode": """);
        var path = env["IAS_SIM_SCENARIO"];

        var sim = await repo.IasAsync(env, "sim-agent");

        AssertOneLineError(sim, $"sim scenario {path}: ");
        Assert.DoesNotContain("a bug in ias", sim.Err, StringComparison.Ordinal);

        // In a run it is a configuration failure: one turn, no retry, the halt naming the file.
        var run = await repo.IasAsync(env, "run", "sprint-1", "--local", "--headless");

        Assert.NotEqual(0, run.Code);
        Assert.Contains($"sim scenario {path}: ", run.Out + run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("a bug in ias", run.Out + run.Err, StringComparison.Ordinal);
        Assert.Single(Directory.GetDirectories(repo.File(".run", "jobs")));
    }

    private static void AssertOneLineError((int Code, string Out, string Err) r, string expected)
    {
        Assert.True(r.Code == 2, $"exit {r.Code}\nstdout: {r.Out}\nstderr: {r.Err}");
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{r.Err}");
        Assert.StartsWith("ias: ", lines[0]);
        Assert.Contains(expected, lines[0]);
    }
}
