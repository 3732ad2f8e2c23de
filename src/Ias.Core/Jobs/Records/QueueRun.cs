namespace Ias.Core.Jobs.Records;

/// <summary>A run of the hybrid runner (`ias new-run NAME`) and its runner's state: what state.json mirrors.</summary>
public sealed record QueueRun(
    string Name,
    DateTimeOffset Created,
    DateTimeOffset? Initialized,
    RunnerStatus RunnerStatus,
    string? RunnerOwner,
    string? CurrentJob,
    bool StopRequested,
    DateTimeOffset? ParkedUntil,
    string? ParkedReason,
    DateTimeOffset Updated)
{
    /// <summary>
    /// How many stops were asked of the run so far: a runner obeys only the ones asked after it started, while
    /// <see cref="StopRequested"/> says whether one still waits for a runner at work.
    /// </summary>
    public long Stops { get; init; }
}
