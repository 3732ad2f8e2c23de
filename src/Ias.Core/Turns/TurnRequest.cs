using Ias.Core.Agents;

namespace Ias.Core.Turns;

/// <summary>One agent turn to run: the agent's request, and whether it writes (then ICE's pre-push hook stands below it while it runs).</summary>
public sealed record TurnRequest(AgentRequest Agent)
{
    /// <summary>Installs ICE's pre-push hook for the turn alone; a run that holds the hook for its whole life leaves this off.</summary>
    public bool GuardPushes { get; init; }

    /// <summary>The commit a boxed turn's workspace starts from instead of the checkout as it stands: a pull request's head, for its review.</summary>
    public string? At { get; init; }
}
