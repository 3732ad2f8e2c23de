using Ias.Core.Config;

namespace Ias.Core.Agents;

/// <summary>Runs one agent turn; the engine knows nothing of processes or stream formats.</summary>
public interface IAgentInvoker
{
    /// <summary>Null when the agent can run here; otherwise a one-line reason and what to do.</summary>
    string? Check(AgentSettings settings);

    /// <summary>Null when <paramref name="role"/>'s agent is logged in or cannot tell before its turn; otherwise what it said and how to log in, in one line.</summary>
    string? LoginProblem(AgentSettings settings, Role role);

    /// <summary>Whether every agent runs in the box; false: under ICE's shim and hook alone.</summary>
    bool Sandboxed { get; }

    /// <summary>
    /// Sets the box up as <paramref name="sandbox"/> says: a run's own copy of ias.sandbox, taken with its other inputs at
    /// jack-in, so an edit of the file after that (by a person, or by an agent outside the box) changes nothing in the run.
    /// </summary>
    void UseSandbox(SandboxConfig sandbox);

    Task<AgentResponse> InvokeAsync(AgentRequest request, Func<AgentEvent, ValueTask> onEvent, CancellationToken ct);
}
