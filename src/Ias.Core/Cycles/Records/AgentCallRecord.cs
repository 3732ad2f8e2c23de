using Ias.Core.Cycles.Lifecycle;

namespace Ias.Core.Cycles.Records;

/// <summary>One agent CLI invocation: who ran, for which phase, how it ended and what it cost.</summary>
public sealed record AgentCallRecord(
    string RunId,
    int Cycle,
    Phase Phase,
    string Role,
    string Agent,
    string? SessionId,
    DateTimeOffset Started,
    DateTimeOffset Ended,
    int? ExitCode,
    string Outcome,
    int Calls,
    long TokensIn,
    long TokensOut,
    decimal CostUsd,
    string JobDir);
