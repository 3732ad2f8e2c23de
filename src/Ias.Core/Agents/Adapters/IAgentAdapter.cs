namespace Ias.Core.Agents.Adapters;

/// <summary>What the runner must know of one agent CLI: how to start it for a role and how to read its output.</summary>
public interface IAgentAdapter
{
    /// <summary>The command line for a request; a session is resumed only by the explicit id given, never "the most recent".</summary>
    AgentLaunch CommandLine(AgentRequest request, string? resumeSessionId);

    /// <summary>Variables laid over the agent's environment.</summary>
    IReadOnlyDictionary<string, string> Environment { get; }

    IStreamParser NewParser();
}
