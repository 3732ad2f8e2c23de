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

    /// <summary>Every role switched to one agent (the --agent flag); a role already of that kind keeps its settings.</summary>
    public AgentsConfig WithAgent(AgentKind kind) =>
        new(Switch(Implementer, kind, "implementer"), Switch(Reviewer, kind, "reviewer"), Switch(Auditor, kind, "auditor"));

    /// <summary>Reads an agent name (claude, codex, gemini, custom, sim) in any case.</summary>
    public static bool TryParseKind(string? name, out AgentKind kind)
    {
        foreach (var candidate in Enum.GetValues<AgentKind>())
        {
            if (string.Equals(candidate.ToString(), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    private static AgentSettings Switch(AgentSettings settings, AgentKind kind, string role)
    {
        if (settings.Agent == kind)
        {
            return settings;
        }

        // A custom agent is only a command; there is none to invent for a role configured as another agent.
        if (kind == AgentKind.Custom)
        {
            throw new ConfigException(
                $"--agent custom needs a command for the {role}; set agents.{role}.agent: custom and agents.{role}.command in {ConfigLoader.FileName}, or pass claude, codex, gemini or sim");
        }

        // Command, model and args belong to the agent they were written for (a Claude model means nothing to Codex).
        return settings with { Agent = kind, Command = null, Model = null, Args = [] };
    }
}
