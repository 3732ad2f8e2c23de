using Ias.Core.Agents;
using Ias.Core.Safety;

namespace Ias.Core.Turns;

/// <summary>
/// How a turn ended: the agent's response and the action its failure class maps to, or, when the turn could not start
/// (ICE's hook would not go in place), <see cref="Refusal"/> and no response.
/// </summary>
public sealed record TurnResult(AgentResponse? Response, TurnAction Action, string? Refusal)
{
    /// <summary>The repository as ICE found it when the turn ended (its branch, its refs); null when git was not asked again.</summary>
    public RepoState? After { get; init; }

    /// <summary>A response that did not succeed never reads as done, even when its failure has no class.</summary>
    public static TurnResult Of(AgentResponse response) =>
        new(response, response.Success ? TurnAction.Done : FailureActions.Of(response.Failure == FailureClass.None ? FailureClass.Unknown : response.Failure), null);

    public static TurnResult Refused(string why) => new(null, TurnAction.Halt, why);
}
