using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

/// <summary>ias.test_command and ias.test_timeout_minutes: what ias runs before publishing a PR, and for how long.</summary>
public sealed class TestCommandConfigTests
{
    [Fact]
    public void The_test_command_gets_half_an_hour_unless_its_limit_is_set_in_minutes_fractions_allowed()
    {
        var unset = ConfigLoader.Parse("ias:\n  test_command: make check\n", ".loa.config.yaml", AgentAdapters.Builtin.Kinds);
        var set = ConfigLoader.Parse("ias:\n  test_command: make check\n  test_timeout_minutes: 0.5\n", ".loa.config.yaml", AgentAdapters.Builtin.Kinds);

        Assert.Equal(TimeSpan.FromMinutes(30), unset.Config.TestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), set.Config.TestTimeout);
        Assert.Empty(set.Warnings);
    }

    [Theory]
    [InlineData("ias:\n  test_timeout_minutes: soon\n", "config .loa.config.yaml:2:25: ias.test_timeout_minutes must be a positive number (got \"soon\")")]
    [InlineData("ias:\n  test_timeout_minutes: 0\n", "config .loa.config.yaml:2:25: ias.test_timeout_minutes must be a positive number (got \"0\")")]
    public void A_bad_test_limit_names_file_line_column_and_the_expected_type(string yaml, string expected)
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, ".loa.config.yaml", AgentAdapters.Builtin.Kinds));

        Assert.Equal(expected, e.Message);
    }
}
