using Ias.Core.Config;

namespace Ias.Core.Agents.Adapters.Custom;

/// <summary>A user's own command: its arguments as configured, the prompt on stdin, plain text out, success by exit code.</summary>
public sealed class CustomAdapter : IAgentAdapter
{
    public AgentKind Kind { get; } = new("custom", needsCommand: true);

    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    /// <summary>A custom command has no session to resume; the id is ignored.</summary>
    public AgentLaunch CommandLine(AgentRequest request, string? resumeSessionId, AgentLaunch self)
    {
        ArgumentNullException.ThrowIfNull(request);
        var command = request.Settings.Command
            ?? throw new InvalidOperationException("agent custom needs a command: set command in the agent's settings in .loa.config.yaml");
        return new AgentLaunch(command, [.. request.Settings.Args]);
    }

    /// <summary>A command of the user's has no session to reopen.</summary>
    public AgentLaunch? Interactive(AgentSettings settings, string sessionId, AgentLaunch self) => null;

    public IStreamParser NewParser(TimeProvider clock) => new PlainTextParser(clock);

    public string? Check(AgentSettings settings, CliVersions versions)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Command is null
            ? "agent custom has no command: set command (and args) in the agent's settings in .loa.config.yaml"
            : CommandPath.Exists(settings.Command) ? null
            : $"agent command {settings.Command} not found on PATH: install it or fix command in .loa.config.yaml";
    }

    /// <summary>A command of the user's has no login ias could ask about.</summary>
    public string? LoginProblem(string command, IReadOnlyDictionary<string, string?> environment, LoginProbe probe) => null;
}
