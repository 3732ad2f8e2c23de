using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

/// <summary>An unknown key is a warning at its place that names the key of its own section it was likely meant to be.</summary>
public sealed class UnknownKeyTests
{
    [Fact]
    public void A_mistyped_key_names_the_key_it_was_likely_meant_to_be()
    {
        var result = Parse("run_mode:\n  enabled: true\nias:\n  notfy:\n    bell: true\n");

        Assert.Equal([".loa.config.yaml:4:3: unknown key ias.notfy (ignored; did you mean ias.notify?)"], result.Warnings);
        Assert.True(result.Config.RunMode.Enabled);
        Assert.Equal(LoaConfig.Defaults(".loa.config.yaml").Notify, result.Config.Notify);
    }

    [Fact]
    public void A_key_far_from_every_known_one_keeps_check_spelling()
    {
        var result = Parse("ias:\n  theme: dark\n  colour: blue\n");

        Assert.Equal([".loa.config.yaml:3:3: unknown key ias.colour (ignored; check spelling)"], result.Warnings);
    }

    [Fact]
    public void A_key_is_compared_with_its_own_section_only()
    {
        // max_cycles is a key of run_mode.defaults, not of run_mode.
        var result = Parse("run_mode:\n  max_cycles: 4\n");

        Assert.Equal([".loa.config.yaml:2:3: unknown key run_mode.max_cycles (ignored; check spelling)"], result.Warnings);
    }

    /// <summary>One typo in each section that warns, and the key of that section it should name.</summary>
    public static TheoryData<string, string> Typos() => new()
    {
        { "run_mode.enabeld", "run_mode.enabled" },
        { "run_mode.defaults.max_cycle", "run_mode.defaults.max_cycles" },
        { "run_mode.rate_limiting.calls_per_hr", "run_mode.rate_limiting.calls_per_hour" },
        { "run_mode.circuit_breaker.same_issue_treshold", "run_mode.circuit_breaker.same_issue_threshold" },
        { "run_mode.git.auto_psuh", "run_mode.git.auto_push" },
        { "ias.sprintplan", "ias.sprint_plan" },
        { "ias.notify.desktp", "ias.notify.desktop" },
        { "ias.trajectory.comit", "ias.trajectory.commit" },
        { "ias.decisions.timeout_minute", "ias.decisions.timeout_minutes" },
        { "ias.sandbox.workspce_mb", "ias.sandbox.workspace_mb" },
        { "ias.sandbox.network.mdoe", "ias.sandbox.network.mode" },
        { "ias.queue.lease_minute", "ias.queue.lease_minutes" },
        { "ias.queue.follow_ups.writting", "ias.queue.follow_ups.writing" },
        { "ias.queue.retry.max_attempt", "ias.queue.retry.max_attempts" },
        { "ias.budget.daily_uds", "ias.budget.daily_usd" },
        { "ias.data_policy.allowlst", "ias.data_policy.allowlist" },
        { "agents.reveiwer", "agents.reviewer" },
        { "agents.defualt", "agents.default" },
        { "agents.auditor.modle", "agents.auditor.model" },
    };

    [Theory]
    [MemberData(nameof(Typos))]
    public void Every_section_that_warns_names_its_own_closest_key(string typo, string meant)
    {
        // The typo is the last of the path's keys, on the path's last line, indented two spaces a level.
        var keys = typo.Split('.');
        var yaml = string.Concat(keys.Select((key, i) => $"{new string(' ', 2 * i)}{key}:{(i == keys.Length - 1 ? " 1" : "")}\n"));

        var result = Parse(yaml);

        Assert.Equal([$".loa.config.yaml:{keys.Length}:{2 * keys.Length - 1}: unknown key {typo} (ignored; did you mean {meant}?)"], result.Warnings);
    }

    private static ConfigResult Parse(string yaml) => ConfigLoader.Parse(yaml, ".loa.config.yaml", AgentAdapters.Builtin.Kinds);
}
