using Ias.Core.Cycles;

namespace Ias.Core.Snapshots;

/// <summary>One row of the queue: a phase of a cycle, who ran it, how often, how long, and where its logs are.</summary>
public sealed record JobRow(
    long Id,
    int Cycle,
    Phase Phase,
    string Role,
    JobStatus Status,
    int Attempts,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    string? Outcome,
    int Findings,
    string? JobDir);
