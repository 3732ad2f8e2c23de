using Ias.Core.Cycles;

namespace Ias.Core.Snapshots;

/// <summary>Everything a dashboard shows at one moment; immutable, so views render it without locks.</summary>
public sealed record EngineSnapshot(
    RunStatus Status,
    IReadOnlyList<JobRow> Jobs,
    string? Agent)
{
    public static EngineSnapshot Empty(DateTimeOffset now) => new(new RunStatus(null, null, null, false, null, now), [], null);
}
