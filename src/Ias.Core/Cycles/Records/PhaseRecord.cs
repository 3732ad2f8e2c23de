using Ias.Core.Cycles.Lifecycle;

namespace Ias.Core.Cycles.Records;

/// <summary>One phase of one cycle as ias.db logs it; <see cref="Ended"/> and <see cref="Outcome"/> are null while it runs.</summary>
public sealed record PhaseRecord(
    long Id,
    string RunId,
    int Cycle,
    Phase Phase,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    string? Outcome,
    int Findings,
    int FilesChanged);
