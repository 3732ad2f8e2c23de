namespace Ias.Core.Config;

/// <summary>The agent for each role of the implement → review → audit loop.</summary>
public sealed record AgentsConfig(AgentSettings Implementer, AgentSettings Reviewer, AgentSettings Auditor)
{
    /// <summary>Every role played by agents.default's defaults (Claude).</summary>
    public static AgentsConfig Defaults { get; } = new(AgentSettings.Defaults, AgentSettings.Defaults, AgentSettings.Defaults);

    /// <summary>The settings of a role named implementer, reviewer or auditor (any case).</summary>
    public AgentSettings For(string role)
    {
        ArgumentNullException.ThrowIfNull(role);
        return Role.Configurable.FirstOrDefault(r => r.Wire == role.ToLowerInvariant()) is { } configured
            ? For(configured)
            : throw new ArgumentException($"unknown agent role \"{role}\"; use {string.Join(", ", Role.Configurable.SkipLast(1))} or {Role.Configurable[^1]}", nameof(role));
    }

    /// <summary>The settings <paramref name="role"/> runs on, by its own write access.</summary>
    public AgentSettings For(Role role) => For(role, role?.Writes ?? false);

    /// <summary>The settings <paramref name="role"/> runs on when it <paramref name="writes"/> or not (a queued job's --write).</summary>
    public AgentSettings For(Role role, bool writes)
    {
        ArgumentNullException.ThrowIfNull(role);
        var configured = role.ConfiguredAs(writes);
        return configured == Role.Implementer ? Implementer : configured == Role.Reviewer ? Reviewer : Auditor;
    }

    /// <summary>Every role switched to one agent (the --agent flag); a role already of that kind keeps its settings. <paramref name="agents"/> are the kinds there are, named when the switch is refused.</summary>
    public AgentsConfig WithAgent(AgentKind kind, IReadOnlyCollection<AgentKind> agents) =>
        new(Switch(Implementer, kind, agents, Role.Implementer), Switch(Reviewer, kind, agents, Role.Reviewer), Switch(Auditor, kind, agents, Role.Auditor));

    private static AgentSettings Switch(AgentSettings settings, AgentKind kind, IReadOnlyCollection<AgentKind> agents, Role role)
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
