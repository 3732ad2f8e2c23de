namespace Ias.Core.Agents;

/// <summary>How an agent turn ended, classified, with what it cost.</summary>
public sealed record AgentResponse(
    bool Success,
    FailureClass Failure,
    string FinalText,
    int? ExitCode,
    int ApiCalls,
    long TokensIn,
    long TokensOut,
    decimal CostUsd,
    string? SessionId,
    bool TimedOut,
    DateTimeOffset? UsageResetsAt,
    string Detail);
