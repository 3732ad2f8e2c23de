using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

public sealed class AgentsConfigTests
{
    private static readonly AgentSettings Claude = new(AgentKind.Claude, "/usr/local/bin/claude", "opus", ["--verbose"], TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(5));

    [Theory]
    [InlineData("implementer", AgentKind.Claude)]
    [InlineData("Reviewer", AgentKind.Codex)]
    [InlineData("AUDITOR", AgentKind.Sim)]
    public void For_finds_a_role_by_name_in_any_case(string role, AgentKind expected)
    {
        var agents = new AgentsConfig(Claude, Claude with { Agent = AgentKind.Codex }, Claude with { Agent = AgentKind.Sim });

        Assert.Equal(expected, agents.For(role).Agent);
    }

    [Fact]
    public void For_rejects_an_unknown_role()
    {
        var ex = Assert.Throws<ArgumentException>(() => AgentsConfig.Defaults.For("planner"));

        Assert.StartsWith("unknown agent role \"planner\"; use implementer, reviewer or auditor", ex.Message);
    }

    [Fact]
    public void WithAgent_switches_every_role_and_drops_settings_of_the_old_agent()
    {
        var agents = new AgentsConfig(Claude, Claude, Claude with { Agent = AgentKind.Codex, Model = "gpt-5-codex" });

        var switched = agents.WithAgent(AgentKind.Codex);

        var codex = new AgentSettings(AgentKind.Codex, null, null, [], TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(5));
        Assert.Equal(codex, switched.Implementer);
        Assert.Equal(codex, switched.Reviewer);
        Assert.Equal(agents.Auditor, switched.Auditor);
    }

    [Fact]
    public void WithAgent_custom_needs_every_role_to_have_a_custom_command()
    {
        var custom = Claude with { Agent = AgentKind.Custom, Command = "./my-agent" };

        Assert.Equal(new AgentsConfig(custom, custom, custom), new AgentsConfig(custom, custom, custom).WithAgent(AgentKind.Custom));
        var ex = Assert.Throws<ConfigException>(() => new AgentsConfig(custom, Claude, custom).WithAgent(AgentKind.Custom));
        Assert.StartsWith("--agent custom needs a command for the reviewer;", ex.Message);
    }

    [Theory]
    [InlineData("claude", true, AgentKind.Claude)]
    [InlineData("GEMINI", true, AgentKind.Gemini)]
    [InlineData("sim", true, AgentKind.Sim)]
    [InlineData("gpt", false, AgentKind.Claude)]
    [InlineData("", false, AgentKind.Claude)]
    public void TryParseKind_reads_agent_names_in_any_case(string name, bool ok, AgentKind expected)
    {
        Assert.Equal(ok, AgentsConfig.TryParseKind(name, out var kind));
        Assert.Equal(expected, kind);
    }

    [Fact]
    public void Agent_settings_are_equal_by_the_contents_of_their_args()
    {
        Assert.Equal(Claude, Claude with { Args = ["--verbose"] });
        Assert.NotEqual(Claude, Claude with { Args = ["--quiet"] });
    }
}
