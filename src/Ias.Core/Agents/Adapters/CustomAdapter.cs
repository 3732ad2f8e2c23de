namespace Ias.Core.Agents.Adapters;

/// <summary>A user's own command: its arguments as configured, the prompt on stdin, plain text out, success by exit code.</summary>
public sealed class CustomAdapter(TimeProvider clock) : IAgentAdapter
{
    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>();

    /// <summary>A custom command has no session to resume; the id is ignored.</summary>
    public AgentLaunch CommandLine(AgentRequest request, string? resumeSessionId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var command = request.Settings.Command
            ?? throw new InvalidOperationException("agent custom needs a command: set command in the agent's settings in .loa.config.yaml");
        return new AgentLaunch(command, [.. request.Settings.Args]);
    }

    public IStreamParser NewParser() => new PlainTextParser(clock);
}
