namespace Ias.Core.Safety;

/// <summary>Everything `.run/circuit-breaker.json` holds in the original Run Mode tools' format, plus the thresholds it was judged against.</summary>
public sealed record BreakerSnapshot(
    BreakerState State,
    int SameIssueCount,
    string? LastHash,
    int SameIssueThreshold,
    int NoProgressCount,
    int NoProgressThreshold,
    int CycleCurrent,
    int CycleLimit,
    DateTimeOffset TimeoutStarted,
    double TimeoutLimitHours,
    IReadOnlyList<BreakerTrip> History);
