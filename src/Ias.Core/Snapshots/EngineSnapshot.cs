using Ias.Core.Cycles;
using Ias.Core.Plans;

namespace Ias.Core.Snapshots;

/// <summary>Everything a dashboard shows at one moment; immutable, so views render it without locks. <see cref="Plan"/> is the sprint plan the run belongs to, if any.</summary>
public sealed record EngineSnapshot(
    RunStatus Status,
    IReadOnlyList<JobRow> Jobs,
    string? Agent,
    SprintPlanState? Plan = null)
{
    public static EngineSnapshot Empty(DateTimeOffset now) => new(new RunStatus(null, null, null, false, null, now), [], null);
}
