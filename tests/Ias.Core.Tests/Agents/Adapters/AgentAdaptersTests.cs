using Ias.Core.Agents.Adapters;
using Ias.Core.Agents.Adapters.Claude;

namespace Ias.Core.Tests.Agents.Adapters;

public sealed class AgentAdaptersTests
{
    [Theory]
    [InlineData("claude", "claude")]
    [InlineData("GEMINI", "gemini")]
    [InlineData("sim", "sim")]
    [InlineData("gpt", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Agents_are_found_by_name_in_any_case(string? name, string? expected)
    {
        Assert.Equal(expected, AgentAdapters.Builtin.Find(name)?.Kind.Name);
    }

    [Fact]
    public void Messages_name_the_shipped_agents_in_registry_order()
    {
        Assert.Equal("claude, codex, gemini, custom or sim", AgentAdapters.Builtin.Names);
        Assert.Equal(["custom"], AgentAdapters.Builtin.Kinds.Where(k => k.NeedsCommand).Select(k => k.Name));
    }

    [Fact]
    public void Two_adapters_may_not_share_a_name()
    {
        var ex = Assert.Throws<ArgumentException>(() => AgentAdapters.Builtin.With(new ClaudeAdapter()));

        Assert.StartsWith("two agent adapters are called claude", ex.Message);
    }
}
