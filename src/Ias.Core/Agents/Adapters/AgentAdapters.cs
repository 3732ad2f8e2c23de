using Ias.Core.Config;

namespace Ias.Core.Agents.Adapters;

/// <summary>The adapter for each kind of agent.</summary>
public sealed class AgentAdapters(AgentLaunch self, TimeProvider clock)
{
    public IAgentAdapter For(AgentKind kind) => kind switch
    {
        AgentKind.Claude => new ClaudeAdapter(clock),
        AgentKind.Codex => new CodexAdapter(clock),
        AgentKind.Gemini => new GeminiAdapter(clock),
        AgentKind.Custom => new CustomAdapter(clock),
        AgentKind.Sim => new SimAdapter(self, clock),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no adapter for this agent kind"),
    };
}
