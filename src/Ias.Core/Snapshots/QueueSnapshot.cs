using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Jobs.Store;

namespace Ias.Core.Snapshots;

/// <summary>A job queue at one moment: its run's runner state, every job as its queue file holds it, and whether a runner holds the run's lock (and who).</summary>
public sealed record QueueSnapshot(QueueRun Run, IReadOnlyList<Job> Jobs, bool RunnerAlive, string? Runner)
{
    /// <summary>The queue run's name, as l lists it and `--replay` takes it.</summary>
    public string Name => Run.Name;

    /// <summary>A shared queue's runners on every machine, as each last reported; empty for a checkout's own queue.</summary>
    public IReadOnlyList<RunnerRow> Runners { get; init; } = [];

    /// <summary>While this checkout's runner has lost its database (or gave up on it): since when, why, and until when it tries.</summary>
    public QueueOutageChange? Outage { get; init; }

    /// <summary>How many of <see cref="Jobs"/> are in each state, counted once with the snapshot rather than at every frame.</summary>
    public IReadOnlyDictionary<JobState, int> Counts { get; } = Jobs.CountBy(j => j.State).ToDictionary();

    /// <summary>What all of <see cref="Jobs"/> used, summed once with the snapshot.</summary>
    public JobUsage Usage { get; } = Jobs.Aggregate(JobUsage.None, (sum, j) => sum + j.Usage);

    /// <summary>The outage in one line, as the dashboard's footer and `ias status` say it; null without one.</summary>
    public string? OutageLine => Outage is { } outage ? QueueOutageFile.Describe(outage) : null;
}
