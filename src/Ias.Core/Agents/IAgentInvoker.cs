using Ias.Core.Config;

namespace Ias.Core.Agents;

/// <summary>Runs one agent turn; the engine knows nothing of processes or stream formats.</summary>
public interface IAgentInvoker
{
    /// <summary>Null when the agent can run here; otherwise a one-line reason and what to do.</summary>
    string? Check(AgentSettings settings);

    /// <summary>Whether every agent runs in the box; false: under ICE's shim and hook alone.</summary>
    bool Sandboxed { get; }

    Task<AgentResponse> InvokeAsync(AgentRequest request, Func<AgentEvent, ValueTask> onEvent, CancellationToken ct);
}
