using Ias.Core.Agents;
using Ias.Core.Config;

namespace Ias.Core.Tests.Support;

/// <summary>An agent a test expects never to be asked for a turn: it passes every check, counts the turns asked of it and fails each.</summary>
public sealed class CountingAgent : IAgentInvoker
{
    public int Turns { get; private set; }

    public bool Sandboxed => false;

    public string? Check(AgentSettings settings) => null;

    public string? LoginProblem(AgentSettings settings, Role role) => null;

    public void UseSandbox(SandboxConfig sandbox)
    {
    }

    public Task<AgentResponse> InvokeAsync(AgentRequest request, Func<AgentEvent, ValueTask> onEvent, CancellationToken ct)
    {
        Turns++;
        return Task.FromResult(new AgentResponse(false, FailureClass.Crash, "", 1, 0, 0, 0, 0m, null, false, null, "this test's agent must not run"));
    }
}
