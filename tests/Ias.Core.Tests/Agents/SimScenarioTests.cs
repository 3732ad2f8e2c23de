using System.Collections;
using Ias.Core.Agents.Simulation;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Agents;

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

    private string Write(string json, string name = "scenario-under-test.json")
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, json);
        return path;
    }
}
