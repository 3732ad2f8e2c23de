using Ias.Core.Agents;
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
    string JobDir)
{
    /// <summary>The record of a call that ended: Run Mode's, a queue job's and a bug's triage alike, under <paramref name="runId"/>.</summary>
    public static AgentCallRecord Finished(
        string runId, int cycle, Phase phase, AgentRequest request, AgentResponse response, DateTimeOffset started, DateTimeOffset ended) =>
        new(runId, cycle, phase, request.Role.Wire, request.Settings.Agent.ToString().ToLowerInvariant(), response.SessionId, started, ended,
            response.ExitCode, response.Success ? "success" : response.Failure.ToString(), response.ApiCalls,
            response.TokensIn, response.TokensOut, response.CostUsd, request.JobDir);
}
