using System.Collections;
using Ias.Core.Safety.Secrets;
using Ias.Core.Tests.Support;
using Ias.SimAgent;

namespace Ias.Tui.Tests.SimAgent;

public sealed class SimScenarioTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_default_scenario_has_review_findings_in_cycle_1_only_and_no_failures()
    {
        var scenario = SimScenario.Default;

        Assert.Equal([1], scenario.ReviewFindingsCycles);
        Assert.Empty(scenario.AuditFindingsCycles);
        Assert.Empty(scenario.ImplementNoChangesCycles);
        Assert.Empty(scenario.Fail);
        Assert.False(scenario.SameFindingsAlways);
        Assert.Null(scenario.DeleteFilesCycle);
        Assert.Equal(5, scenario.HugeMb);
    }

    [Fact]
    public void A_scenario_file_is_read_with_snake_case_keys()
    {
        var path = Write("""
            {
              "implement_no_changes_cycles": [3],
              "delete_files_cycle": 2,
              "review_findings_cycles": [1, 2],
              "audit_findings_cycles": [4],
              "same_findings_always": true,
              "huge_mb": 0.5,
              "slow_ms": 10,
              "fail": [
                {"role": "implementer", "cycle": 1, "mode": "usage_limit"},
                {"role": "reviewer", "mode": "hang"}
              ]
            }
            """);

        var scenario = SimScenario.Load(path);

        Assert.Equal([3], scenario.ImplementNoChangesCycles);
        Assert.Equal(2, scenario.DeleteFilesCycle);
        Assert.Equal([1, 2], scenario.ReviewFindingsCycles);
        Assert.Equal([4], scenario.AuditFindingsCycles);
        Assert.True(scenario.SameFindingsAlways);
        Assert.Equal(0.5, scenario.HugeMb);
        Assert.Equal(10, scenario.SlowMs);
        Assert.Equal(SimFailureMode.UsageLimit, scenario.FailureFor("implementer", 1));
        Assert.Null(scenario.FailureFor("implementer", 2));
        Assert.Equal(SimFailureMode.Hang, scenario.FailureFor("reviewer", 7));
    }

    [Fact]
    public void Keys_left_out_keep_their_defaults()
    {
        var scenario = SimScenario.Load(Write("""{"audit_findings_cycles": [1]}"""));

        Assert.Equal([1], scenario.ReviewFindingsCycles);
        Assert.Equal([1], scenario.AuditFindingsCycles);
    }

    [Fact]
    public void A_failure_with_a_target_applies_to_that_sprint_only()
    {
        var scenario = SimScenario.Load(Write("""{"fail": [{"role": "implementer", "target": "sprint-2", "mode": "auth"}]}"""));

        Assert.Null(scenario.FailureFor("implementer", 1, "sprint-1"));
        Assert.Equal(SimFailureMode.Auth, scenario.FailureFor("implementer", 1, "sprint-2"));
        Assert.Equal(SimFailureMode.Auth, scenario.FailureFor("implementer", 3, "sprint-2"));
    }

    [Fact]
    public async Task A_failure_with_times_fails_only_that_many_calls_that_match_and_then_the_next_entry_applies()
    {
        var path = Write("""
            {"fail": [
              {"role": "implementer", "cycle": 7, "mode": "overloaded", "times": 2},
              {"role": "implementer", "cycle": 7, "mode": "crash", "times": 1},
              {"role": "implementer", "mode": "slow"}
            ]}
            """);
        var scenario = SimScenario.Load(path);
        var counts = SimFailureCounts.Beside(path, TimeProvider.System);

        var calls = new List<SimFailureMode?>();
        for (var i = 0; i < 5; i++)
        {
            calls.Add(await scenario.FailureOfCallAsync("implementer", 7, "night", counts, CancellationToken.None));
        }

        Assert.Equal([SimFailureMode.Overloaded, SimFailureMode.Overloaded, SimFailureMode.Crash, SimFailureMode.Slow, SimFailureMode.Slow], calls);
        // Another cycle has counts of its own entries only: the counted ones never matched it.
        Assert.Equal(SimFailureMode.Slow, await scenario.FailureOfCallAsync("implementer", 8, "night", counts, CancellationToken.None));
        Assert.Equal(SimFailureMode.Overloaded, scenario.FailureFor("implementer", 7));
        Assert.Equal(
            "2\tfail[0] implementer cycle 7 target * Overloaded\n1\tfail[1] implementer cycle 7 target * Crash\n",
            File.ReadAllText(counts.Path));
        Assert.Equal([Path.GetFileName(path), Path.GetFileName(counts.Path), Path.GetFileName(counts.Path) + ".lock"], Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Agents_that_ask_at_once_share_one_count_so_a_counted_failure_fails_exactly_its_times_in_all()
    {
        var path = Write("""{"fail": [{"role": "reviewer", "cycle": 3, "mode": "overloaded", "times": 25}]}""");
        var scenario = SimScenario.Load(path);

        // Eight agents, each with counts of its own on the same file, as separate processes have, forty calls each.
        var failed = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var counts = SimFailureCounts.Beside(path, TimeProvider.System);
            var mine = 0;
            for (var i = 0; i < 40; i++)
            {
                mine += await scenario.FailureOfCallAsync("reviewer", 3, null, counts, CancellationToken.None) is null ? 0 : 1;
            }

            return mine;
        })));

        Assert.Equal(25, failed.Sum());
        Assert.Equal(25, SimFailureCounts.Beside(path, TimeProvider.System).Count("fail[0] reviewer cycle 3 target * Overloaded"));
    }

    [Fact]
    public async Task A_failure_with_times_needs_the_scenario_file_to_count_in_and_says_so()
    {
        var scenario = new SimScenario { Fail = [new SimFailure { Role = "implementer", Mode = SimFailureMode.Crash, Times = 1 }] };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => scenario.FailureOfCallAsync("implementer", 1, null, null, CancellationToken.None));

        Assert.Contains("fail[0] has times", error.Message);
        Assert.Contains("IAS_SIM_SCENARIO", error.Message);
    }

    [Fact]
    public void A_counts_file_that_is_not_counts_fails_naming_it_and_what_to_do()
    {
        var path = Write("{}");
        File.WriteAllText(path + ".counts", "three\tfail[0]\n");

        var error = Assert.Throws<InvalidDataException>(() => SimFailureCounts.Beside(path, TimeProvider.System).Count("fail[0]"));

        Assert.Contains(path + ".counts", error.Message);
        Assert.Contains("delete the file", error.Message);
    }

    [Theory]
    [InlineData("""{"review_findings": [1]}""", "review_findings")]
    [InlineData("""{"fail": [{"role": "implementer", "cycle": 1, "mode": "explode"}]}""", "fail[0].mode")]
    [InlineData("""{"fail": [{"role": "tester", "cycle": 1, "mode": "crash"}]}""", "tester")]
    [InlineData("""{"fail": [{"role": "implementer", "cycle": 1}]}""", "mode")]
    [InlineData("""{"huge_mb": 0}""", "huge_mb")]
    [InlineData("""{"delete_files_cycle": 0}""", "delete_files_cycle")]
    [InlineData("""{"bug_file": "../outside.txt"}""", "bug_file")]
    [InlineData("""{"bug_file": "/etc/passwd"}""", "bug_file")]
    [InlineData("""{"fail": [{"role": "implementer", "cycle": 1, "mode": "hold"}]}""", "hold_file")]
    [InlineData("""{"fail": [{"role": "implementer", "cycle": 1, "mode": "crash", "times": 0}]}""", "times")]
    [InlineData("not json", "sim scenario")]
    public void A_bad_scenario_file_fails_naming_the_file_and_the_problem(string json, string mentioned)
    {
        var path = Write(json);

        var error = Assert.Throws<InvalidDataException>(() => SimScenario.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(mentioned, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void The_context_comes_from_IAS_variables_with_the_scenario_path_relative_to_the_repo()
    {
        Write("""{"same_findings_always": true}""", "scenario.json");
        var env = new Hashtable
        {
            ["IAS_ROLE"] = "auditor",
            ["IAS_CYCLE"] = "4",
            ["IAS_TARGET"] = "sprint-7",
            ["IAS_SIM_SCENARIO"] = "scenario.json",
        };

        var ctx = SimContext.FromEnvironment(env, _dir.Path);

        Assert.Equal("auditor", ctx.Role);
        Assert.Equal(4, ctx.Cycle);
        Assert.Equal("sprint-7", ctx.Target);
        Assert.Equal(_dir.Path, ctx.RepoPath);
        Assert.True(ctx.Scenario.SameFindingsAlways);
    }

    [Fact]
    public void Without_IAS_variables_the_context_is_the_implementer_of_sprint_1_cycle_1_with_the_default_scenario()
    {
        var ctx = SimContext.FromEnvironment(new Hashtable(), _dir.Path);

        Assert.Equal(new SimContext("implementer", 1, "sprint-1", _dir.Path, SimScenario.Default), ctx);
    }

    [Theory]
    [InlineData("IAS_CYCLE", "zero", "IAS_CYCLE")]
    [InlineData("IAS_CYCLE", "0", "IAS_CYCLE")]
    [InlineData("IAS_ROLE", "tester", "IAS_ROLE")]
    [InlineData("IAS_TARGET", "../etc", "IAS_TARGET")]
    public void A_bad_IAS_variable_fails_naming_it(string key, string value, string mentioned)
    {
        var env = new Hashtable { [key] = value };

        var error = Assert.Throws<ArgumentException>(() => SimContext.FromEnvironment(env, _dir.Path));

        Assert.Contains(mentioned, error.Message);
    }

    [Theory]
    [InlineData("OPENAI_API_KEY")]
    [InlineData("gh_token")]
    [InlineData("CLAUDE_CODE_OAUTH_TOKEN")]
    [InlineData("HOME")]
    [InlineData("TOKENS")]
    [InlineData("API_KEY_FILE")]
    public void The_sim_leaks_exactly_the_variables_the_engine_redacts(string name)
    {
        Assert.Equal(SecretRedactor.IsSecretName(name), SimContext.IsSecretName(name));
    }

    private string Write(string json, string name = "scenario-under-test.json")
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, json);
        return path;
    }
}
