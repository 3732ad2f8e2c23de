using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

public sealed class RedTeamConfigTests
{
    [Fact]
    public void The_gate_is_off_by_default_with_002s_limits()
    {
        var config = ConfigLoader.Parse("", ".loa.config.yaml", AgentAdapters.Builtin.Kinds).Config;

        Assert.Equal(new RedTeamConfig(false, 2, 700, true), config.RedTeam);
    }

    [Fact]
    public void Red_team_code_vs_design_sets_the_gate_and_the_sections_other_keys_are_left_to_their_tools_unwarned()
    {
        var result = ConfigLoader.Parse(
            "red_team:\n  enabled: true\n  planning: { model: x }\n  code_vs_design:\n    enabled: true\n    max_cycles: 3\n    severity_threshold: 500\n    skip_if_no_sdd: false\n    reviewers: [a, b]\n",
            ".loa.config.yaml", AgentAdapters.Builtin.Kinds);

        Assert.Equal(new RedTeamConfig(true, 3, 500, false), result.Config.RedTeam);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("red_team:\n  code_vs_design:\n    enabled: maybe\n", "config .loa.config.yaml:3:14: red_team.code_vs_design.enabled must be true or false (got \"maybe\")")]
    [InlineData("red_team:\n  code_vs_design:\n    max_cycles: 0\n", "config .loa.config.yaml:3:17: red_team.code_vs_design.max_cycles must be a positive integer (got \"0\")")]
    [InlineData("red_team:\n  code_vs_design: yes\n", "config .loa.config.yaml:2:19: red_team.code_vs_design must be a mapping of keys (got \"yes\")")]
    public void A_bad_gate_value_names_file_line_column_and_the_expected_type(string yaml, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, ".loa.config.yaml", AgentAdapters.Builtin.Kinds));

        Assert.Equal(expected, e.Message);
    }
}
