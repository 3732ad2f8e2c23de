using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Decisions;

/// <summary>ias.decisions.timeout_minutes: how long a run waits for a person's answer before it halts.</summary>
public sealed class DecisionConfigTests
{
    [Fact]
    public void A_run_waits_a_day_for_an_answer_unless_the_limit_is_set_in_minutes()
    {
        var unset = ConfigLoader.Parse("ias:\n  test_command: make\n", ".loa.config.yaml", AgentAdapters.Builtin.Kinds);
        var set = ConfigLoader.Parse("ias:\n  decisions:\n    timeout_minutes: 90\n", ".loa.config.yaml", AgentAdapters.Builtin.Kinds);

        Assert.Equal(TimeSpan.FromHours(24), unset.Config.DecisionTimeout);
        Assert.Equal(TimeSpan.FromMinutes(90), set.Config.DecisionTimeout);
        Assert.Empty(set.Warnings);
    }

    [Fact]
    public void A_bad_limit_names_the_key_and_what_it_must_be()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("ias:\n  decisions:\n    timeout_minutes: never\n", ".loa.config.yaml", AgentAdapters.Builtin.Kinds));

        Assert.Equal("config .loa.config.yaml:3:22: ias.decisions.timeout_minutes must be a positive number (got \"never\")", e.Message);
    }
}
