using Ias.Core.Agents.Adapters;
using Ias.Core.Config;

namespace Ias.Core.Tests.Config;

public sealed class AgentsConfigTests
{
    private static readonly AgentSettings Claude = new(Kind("claude"), "/usr/local/bin/claude", "opus", ["--verbose"], TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(5));

    [Theory]
    [InlineData("implementer", "claude")]
    [InlineData("Reviewer", "codex")]
    [InlineData("AUDITOR", "sim")]
    public void For_finds_a_role_by_name_in_any_case(string role, string expected)
    {
        var agents = new AgentsConfig(Claude, Claude with { Agent = Kind("codex") }, Claude with { Agent = Kind("sim") });

        Assert.Equal(Kind(expected), agents.For(role).Agent);
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
        var agents = new AgentsConfig(Claude, Claude, Claude with { Agent = Kind("codex"), Model = "gpt-5-codex" });

        var switched = agents.WithAgent(Kind("codex"), AgentAdapters.Builtin.Kinds);

        var codex = new AgentSettings(Kind("codex"), null, null, [], TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(5));
        Assert.Equal(codex, switched.Implementer);
        Assert.Equal(codex, switched.Reviewer);
        Assert.Equal(agents.Auditor, switched.Auditor);
    }

    [Fact]
    public void WithAgent_custom_needs_every_role_to_have_a_custom_command()
    {
        var custom = Claude with { Agent = Kind("custom"), Command = "./my-agent" };

        Assert.Equal(new AgentsConfig(custom, custom, custom), new AgentsConfig(custom, custom, custom).WithAgent(Kind("custom"), AgentAdapters.Builtin.Kinds));
        var ex = Assert.Throws<ConfigException>(() => new AgentsConfig(custom, Claude, custom).WithAgent(Kind("custom"), AgentAdapters.Builtin.Kinds));
        Assert.Equal(
            "--agent custom needs a command for the reviewer; set agents.reviewer.agent: custom and agents.reviewer.command in .loa.config.yaml, or pass claude, codex, gemini or sim",
            ex.Message);
    }

    [Fact]
    public void Agent_settings_are_equal_by_the_contents_of_their_args()
    {
        Assert.Equal(Claude, Claude with { Args = ["--verbose"] });
        Assert.NotEqual(Claude, Claude with { Args = ["--quiet"] });
    }

    private static AgentKind Kind(string name) => AgentAdapters.Builtin.Find(name)!.Kind;
}
