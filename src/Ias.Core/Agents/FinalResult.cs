namespace Ias.Core.Agents;

/// <summary>How an agent run ended: its final text, tokens, cost and the class of failure if it failed.</summary>
public sealed record FinalResult(
    bool Success,
    FailureClass FailureClass,
    string Text,
    long TokensIn,
    long TokensOut,
    decimal? CostUsd,
    int ApiCalls,
    string? SessionId) : AgentEvent;
