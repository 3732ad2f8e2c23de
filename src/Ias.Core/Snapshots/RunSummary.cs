using Ias.Core.Cycles.Records;
using Ias.Core.Jobs.Records;
using Ias.Core.Plans;
using Ias.Core.Safety;

namespace Ias.Core.Snapshots;

/// <summary>One run of a checkout as the runs list shows it: a Run Mode run with its record, or a job queue run with its counts.</summary>
/// <param name="Kind">Sprint, plan, bug or queue.</param>
/// <param name="Id">The Run Mode run's id, or the queue run's name.</param>
/// <param name="LastActive">When it last did something: the run's last activity, the queue run's last change.</param>
public sealed record RunSummary(RunKind Kind, string Id, DateTimeOffset LastActive)
{
    /// <summary>The Run Mode run's record; null for a queue run.</summary>
    public RunSnapshot? Run { get; init; }

    /// <summary>A halted Run Mode run's circuit breaker, open when the run tripped; null otherwise.</summary>
    public BreakerSnapshot? Breaker { get; init; }

    /// <summary>The checkout's sprint plan, for a run of one (whether its plan was published); null otherwise.</summary>
    public SprintPlanState? Plan { get; init; }

    /// <summary>Whether it is the current Run Mode run of its lane, the one its engine, `ias run-status` and `ias run-resume` act on.</summary>
    public bool Current { get; init; }

    /// <summary>The lane of a current run beside `.run/`'s (see <see cref="Storage.RunPaths.Lane"/>); null for `.run/`'s and past runs.</summary>
    public string? Lane { get; init; }

    /// <summary>The queue run's row; null for a Run Mode run.</summary>
    public QueueRun? Queue { get; init; }

    /// <summary>How many of the queue run's jobs are in each state; empty for a Run Mode run.</summary>
    public IReadOnlyDictionary<JobState, int> Jobs { get; init; } = new Dictionary<JobState, int>();

    /// <summary>Whether a runner holds the queue run's lock now.</summary>
    public bool RunnerAlive { get; init; }

    /// <summary>The root of the checkout the run is in, in a list of every checkout's runs (<see cref="AllRunsList"/>); null in one checkout's.</summary>
    public string? Checkout { get; init; }

    /// <summary>The Run Mode run's one word (DONE, TRIPPED, HALTED) with why, its breaker and plan considered; null for a queue run.</summary>
    public RunWord? Word => Run is { } run ? RunWord.Of(run, Breaker, Plan?.LeftUnpublished(run) == true) : null;
}
