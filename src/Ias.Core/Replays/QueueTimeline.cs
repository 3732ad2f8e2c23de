using Ias.Core.Cycles.Records;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.Storage;

namespace Ias.Core.Replays;

/// <summary>
/// A stored queue run as a timeline: the moves its jobs' rows keep (each job's creation, every attempt of its history
/// begun and ended with its outcome, and where it stands now) and the times its jobs' logs were written, in time order, and the queue as the live dashboard showed
/// it at each moment (<see cref="At"/>), all read once from ias.db by a read-only connection. Nothing of the run changes.
/// </summary>
public sealed partial class QueueTimeline : IReplayTimeline
{
    private readonly QueuePaths _paths;
    private readonly QueueRun _run;
    private readonly IReadOnlyList<Job> _jobs;
    private readonly IReadOnlyList<QueueMove> _moves;
    private readonly IReadOnlyList<AgentCallRecord> _checkoutCalls;
    private readonly BreakerSnapshot? _breaker;
    private readonly RateLimitSnapshot? _rate;

    private QueueTimeline(string repoRoot, QueueRun run, IReadOnlyList<Job> jobs, RunStore store)
    {
        (_paths, _run, _jobs) = (new QueuePaths(repoRoot, run.Name), run, jobs);
        var created = new QueueMove(run.Created, -1, JobState.Pending, 0, 0, "run", $"queue run {run.Name} created");
        // Stable: moves of the same instant keep their job's order, and each job's own order.
        var paths = _paths;
        _moves = [.. jobs.SelectMany(QueueMove.Of).Prepend(created).Concat(jobs.SelectMany(j => QueueMove.Logged(j, paths))).OrderBy(m => m.At)];
        var safety = new SafetyStore(store);
        _breaker = safety.LoadBreaker(QueueGate.BreakerKey(run.Name));
        _rate = safety.LoadRateLimit();
        _checkoutCalls = new RunRecords(store).AgentCallsSince(new DateTimeOffset(run.Created.UtcDateTime.Date, TimeSpan.Zero));
        PhaseStarts = [.. Enumerable.Range(0, _moves.Count).Where(i => _moves[i].Kind == QueueMove.Claimed)];
    }

    public string RunId => _run.Name;

    public string Title => $"queue run {RunId}";

    /// <summary>How many moments the run has: its creation, one per move of its jobs and one per time a job's log was written.</summary>
    public int Count => _moves.Count;

    /// <summary>The moments where an attempt at a job begins: what [ and ] go between.</summary>
    public IReadOnlyList<int> PhaseStarts { get; }

    /// <summary>
    /// The queue run <paramref name="name"/> of the checkout at <paramref name="paths"/> as a timeline, read through a
    /// read-only connection that is closed again; null when ias.db has no such queue run.
    /// </summary>
    public static QueueTimeline? Read(RunPaths paths, string name)
    {
        ArgumentNullException.ThrowIfNull(paths);
        using var store = RunStore.OpenReadOnly(paths.Database);
        // Read as the queue's store reads, but without making its tables: a read-only connection writes nothing.
        if (store.Query("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('queue_runs', 'queue_jobs');", r => r.GetInt64(0))[0] < 2)
        {
            return null;
        }

        var run = store.Query($"SELECT {QueueRows.RunColumns} FROM queue_runs WHERE name = $name;", r => QueueRows.Run(r, Time), ("$name", name)).FirstOrDefault();
        return run is null ? null : new QueueTimeline(paths.RepoRoot, run, store.Query($"SELECT {QueueRows.JobColumns} FROM queue_jobs WHERE run = $run ORDER BY seq;", r => QueueRows.Job(r, Time, store.Corrupt), ("$run", name)), store);
    }

    public ReplayMoment Moment(int index)
    {
        var m = _moves[index];
        return new ReplayMoment(index, Count, m.At, m.Kind, m.Message);
    }

    public DateTimeOffset Until(int index) => index + 1 < Count ? _moves[index + 1].At : DateTimeOffset.MaxValue;

    private static DateTimeOffset? Time(System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? null : IsoTime.ParseDb(r.GetString(i));
}
