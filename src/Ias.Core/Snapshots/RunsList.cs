using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Plans;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Snapshots;

/// <summary>
/// Every run of a checkout, live and past, latest active first: the Run Mode runs ias.db records (sprints, each sprint
/// of a plan, bug runs) and its job queue runs. A dashboard reads it only while its list is open; the rows are read
/// again only when another connection has written, and the runners' locks are asked at each look, since a killed
/// runner writes nothing. With a team's <see cref="SharedQueue"/>, the queue runs are the shared store's, read from it
/// at most once a second.
/// </summary>
public sealed class RunsList(RunPaths paths, SharedQueue? shared = null) : IDisposable
{
    private RunStore? _store;
    private long? _version;
    private IReadOnlyList<RunSummary> _rows = [];

    /// <summary>The runs now; empty before the checkout's first run.</summary>
    public IReadOnlyList<RunSummary> Read()
    {
        if (_store is null)
        {
            if (!File.Exists(paths.Database))
            {
                return shared?.Runs() ?? [];
            }

            _store = RunStore.Open(paths.Database);
        }

        if (shared is not null)
        {
            return Of(_store, paths, shared);
        }

        var version = _store.DataVersion();
        if (version != _version)
        {
            _version = version;
            _rows = Of(_store, paths);
            return _rows;
        }

        return [.. _rows.Select(r => r.Kind == RunKind.Queue ? r with { RunnerAlive = r.Queue is { } q && RunnerAlive(paths, q) } : r)];
    }

    /// <summary>One look through an open store; the queue runs are <paramref name="shared"/>'s when given.</summary>
    public static IReadOnlyList<RunSummary> Of(RunStore store, RunPaths paths, SharedQueue? shared = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(paths);
        var records = new RunRecords(store);
        // Each lane's current run, by id: `.run/`'s and those of the runs at work beside it.
        var current = paths.Lanes().Select(l => (l.Lane, Id: new RunRecords(store, l.Lane).CurrentRunId())).Where(c => c.Id is not null).ToDictionary(c => c.Id!, c => c.Lane);
        var queue = QueueBackends.Local(store);
        var safety = new SafetyStore(store);
        var plan = PlanOf(paths);
        var runs = records.Runs().Select(r => new RunSummary(KindOf(r), r.RunId, r.LastActivity)
        {
            Run = r,
            Plan = plan,
            Current = current.ContainsKey(r.RunId),
            Lane = current.GetValueOrDefault(r.RunId),
            Breaker = r.State == RunState.Halted ? safety.LoadBreaker(r.RunId) : null,
        });
        var queues = shared?.Runs() ?? queue.QueueRuns().Select(q => new RunSummary(RunKind.Queue, q.Name, q.Updated)
        {
            Queue = q,
            Jobs = queue.Counts(q.Name),
            RunnerAlive = RunnerAlive(paths, q),
        });
        return [.. runs.Concat(queues).OrderByDescending(r => r.LastActive)];
    }

    /// <summary>The checkout's sprint plan; null for none, or for a file that cannot be read (the runs are listed all the same).</summary>
    public static SprintPlanState? PlanOf(RunPaths paths)
    {
        try
        {
            return SprintPlanStateFile.Read(paths);
        }
        catch (Exception e) when (e is StateFileException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The run a dashboard watches when told nothing: of the current Run Mode run and the queue runs, the latest active
    /// (an earlier Run Mode run is only ever chosen from the list); null when there is none.
    /// </summary>
    public static RunSummary? Latest(IReadOnlyList<RunSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return runs.FirstOrDefault(r => r.Current || r.Kind == RunKind.Queue);
    }

    /// <summary>Whether <paramref name="run"/> is a sprint, a plan's sprint or a bug run.</summary>
    public static RunKind KindOf(RunSnapshot run) =>
        RunSnapshot.IsBugTarget(run.Target) ? RunKind.Bug
        : SprintPlanState.IsPlanBranch(run.Branch) ? RunKind.Plan
        : RunKind.Sprint;

    /// <summary>Whether a checkout's own runner of <paramref name="run"/> is at work: it holds the lock and was heard from within a lease (a frozen one is lost).</summary>
    public static bool RunnerAlive(RunPaths paths, QueueRun run)
    {
        var queue = new QueuePaths(paths.RepoRoot, run.Name);
        return RunnerLiveness.Own(queue, run, RunnerLiveness.LeaseOf(queue), TimeProvider.System.GetUtcNow()).Alive;
    }

    public void Dispose() => _store?.Dispose();
}
