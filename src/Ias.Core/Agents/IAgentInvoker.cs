using Ias.Core.Config;

namespace Ias.Core.Agents;

/// <summary>Runs one agent turn; the engine knows nothing of processes or stream formats.</summary>
public interface IAgentInvoker
{
    /// <summary>Null when the agent can run here; otherwise a one-line reason and what to do.</summary>
    string? Check(AgentSettings settings);

    Task<AgentResponse> InvokeAsync(AgentRequest request, Func<AgentEvent, ValueTask> onEvent, CancellationToken ct);
}
