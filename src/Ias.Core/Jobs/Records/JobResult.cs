namespace Ias.Core.Jobs.Records;

/// <summary>An attempt's result.json in its job's folder: how the attempt ended, its agent's answer and its evidence.</summary>
/// <param name="Job">The job's id.</param>
/// <param name="Attempt">The attempt's number, from 1.</param>
/// <param name="Outcome">done, retry, parked, failed, asked or lost.</param>
/// <param name="Success">Whether the agent's turn succeeded (a done attempt without a turn counts as one).</param>
/// <param name="Failure">The failure's wire name; null without a turn.</param>
/// <param name="ExitCode">The agent's exit code; null without a turn or when it was killed.</param>
/// <param name="Detail">The cause of a failure, as the agent's adapter told it.</param>
/// <param name="SessionId">The agent's session, which `ias drop-in` resumes.</param>
/// <param name="TokensIn">Tokens read in the turn.</param>
/// <param name="TokensOut">Tokens written in the turn.</param>
/// <param name="CostUsd">The turn's cost in US dollars.</param>
/// <param name="FinalText">The agent's last words.</param>
/// <param name="Evidence">A finished writing job's commits, files and PR; null otherwise.</param>
public sealed record JobResult(
    string Job,
    int Attempt,
    string Outcome,
    bool Success,
    string? Failure,
    int? ExitCode,
    string? Detail,
    string? SessionId,
    long? TokensIn,
    long? TokensOut,
    decimal? CostUsd,
    string? FinalText,
    JobEvidence? Evidence);
