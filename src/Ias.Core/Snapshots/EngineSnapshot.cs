using Ias.Core.Bugs;
using Ias.Core.Cycles.Records;
using Ias.Core.Decisions;
using Ias.Core.Plans;

namespace Ias.Core.Snapshots;

/// <summary>
/// Everything a front end shows of a repository's engine at one moment: the dashboard, `ias run-status` and `ias status`
/// render it, each its own way. Immutable, so views render it without locks. <see cref="Plan"/> is the sprint plan the
/// run belongs to, if any.
/// </summary>
public sealed record EngineSnapshot(
    RunStatus Status,
    IReadOnlyList<JobRow> Jobs,
    string? Agent,
    SprintPlanState? Plan = null)
{
    /// <summary>What the git-aware state sync found when `ias run-status` ran it on a plan left RUNNING with no engine; null when it did not run.</summary>
    public SprintPlanSync? PlanSync { get; init; }

    /// <summary>The bug run whose micro-sprint the run is, when it is one.</summary>
    public BugRecord? Bug { get; init; }

    /// <summary>What the run and this UTC day spent against the caps the run enforces; null when there is no run.</summary>
    public Spend? Spend { get; init; }

    /// <summary>The questions agents of any run of the checkout asked that wait for a person's answer, oldest first.</summary>
    public IReadOnlyList<Decision> Questions { get; init; } = [];

    /// <summary>Whether <see cref="RunStatus.Run"/> is an earlier Run Mode run, not the checkout's current one: shown as it was left, read-only.</summary>
    public bool Past { get; init; }

    /// <summary>How many Run Mode engines of the repository are at work, in `.run/` and the lanes beside it; 0 when not read.</summary>
    public int RunsAtWork { get; init; }

    /// <summary>The moment of a replay this snapshot shows the run at, rebuilt from what ias.db stores; null for a look at the run as it is.</summary>
    public ReplayMoment? Replayed { get; init; }

    /// <summary>One job queue's runner and jobs, when the reader was asked for a queue run.</summary>
    public QueueSnapshot? Queue { get; init; }

    /// <summary>Whether the breaker shown (the Run Mode run's, or a watched queue run's) is OPEN: nothing runs until a reset.</summary>
    public bool BreakerOpen => Status.Breaker?.State == Safety.BreakerState.Open;

    /// <summary>The run's one word (DONE, TRIPPED, HALTED) with why, its breaker and plan considered; null when there is no run.</summary>
    public RunWord? Word => Status.Run is { } run ? RunWord.Of(run, Status.Breaker, Plan?.LeftUnpublished(run) == true) : null;

    public static EngineSnapshot Empty(DateTimeOffset now) => new(new RunStatus(null, null, null, false, null, now), [], null);
}
