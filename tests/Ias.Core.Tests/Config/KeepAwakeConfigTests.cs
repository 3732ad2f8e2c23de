using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

/// <summary>ias.keep_awake: whether an engine or a runner keeps the machine from sleeping while it works.</summary>
public sealed class KeepAwakeConfigTests
{
    [Theory]
    [InlineData("run_mode:\n  enabled: true\n", true)]
    [InlineData("ias:\n  keep_awake: false\n", false)]
    [InlineData("ias:\n  keep_awake: true\n", true)]
    public void The_machine_is_kept_awake_unless_the_configuration_says_not(string yaml, bool awake)
    {
        var read = ConfigLoader.Parse(yaml, ".loa.config.yaml", AgentAdapters.Builtin.Kinds);

        Assert.Equal(awake, read.Config.KeepAwake);
        Assert.Empty(read.Warnings);
    }

    [Fact]
    public void A_keep_awake_that_is_not_a_boolean_names_file_line_and_column()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("ias:\n  keep_awake: mostly\n", ".loa.config.yaml", AgentAdapters.Builtin.Kinds));

        Assert.StartsWith("config .loa.config.yaml:2:15: ias.keep_awake must be", e.Message, StringComparison.Ordinal);
    }
}
