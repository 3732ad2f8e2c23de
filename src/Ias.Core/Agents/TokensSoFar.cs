namespace Ias.Core.Agents;

/// <summary>
/// The turn's tokens so far, summed over its API calls as the CLI reports each one (Claude's assistant messages carry their
/// call's usage); the final result's figures replace them when the turn ends.
/// </summary>
public sealed record TokensSoFar(long TokensIn, long TokensOut) : AgentEvent;
