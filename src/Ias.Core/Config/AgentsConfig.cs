namespace Ias.Core.Config;

/// <summary>The agent for each role of the implement → review → audit loop.</summary>
public sealed record AgentsConfig(AgentSettings Implementer, AgentSettings Reviewer, AgentSettings Auditor)
{
    /// <summary>Every role played by agents.default's defaults (Claude).</summary>
    public static AgentsConfig Defaults { get; } = new(AgentSettings.Defaults, AgentSettings.Defaults, AgentSettings.Defaults);

    /// <summary>The settings of a role named implementer, reviewer or auditor (any case).</summary>
    public AgentSettings For(string role) => role.ToLowerInvariant() switch
    {
        "implementer" => Implementer,
        "reviewer" => Reviewer,
        "auditor" => Auditor,
        _ => throw new ArgumentException($"unknown agent role \"{role}\"; use implementer, reviewer or auditor", nameof(role)),
    };

    /// <summary>Every role switched to one agent (the --agent flag); a role already of that kind keeps its settings. <paramref name="agents"/> are the kinds there are, named when the switch is refused.</summary>
    public AgentsConfig WithAgent(AgentKind kind, IReadOnlyCollection<AgentKind> agents) =>
        new(Switch(Implementer, kind, agents, "implementer"), Switch(Reviewer, kind, agents, "reviewer"), Switch(Auditor, kind, agents, "auditor"));

    private static AgentSettings Switch(AgentSettings settings, AgentKind kind, IReadOnlyCollection<AgentKind> agents, string role)
    {
        if (settings.Agent == kind)
        {
            return settings;
        }

        // An agent that is only a command has none to invent for a role configured as another agent.
        if (kind.NeedsCommand)
        {
            throw new ConfigException(
                $"--agent {kind} needs a command for the {role}; set agents.{role}.agent: {kind} and agents.{role}.command in {ConfigLoader.FileName}, or pass {AgentKind.List(agents.Where(a => !a.NeedsCommand), " or ")}");
        }

        // Command, model and args belong to the agent they were written for (a Claude model means nothing to Codex).
        return settings with { Agent = kind, Command = null, Model = null, Args = [] };
    }
}
