using Ias.Core.Bugs;
using Ias.Core.Config;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Decisions;
using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Plans;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Snapshots;

/// <summary>
/// Reads the engine's state from outside its process (SQLite in WAL mode, the job folders and the state files), as
/// often as a dashboard likes; any number of readers may watch one run. A command takes one look with <see cref="Once"/>.
/// </summary>
public sealed class SnapshotReader(RunPaths paths, TimeProvider clock) : IDisposable
{
    private RunStore? _store;
    private (long Data, int Jobs, DateTime Plan, long PlanLength, bool Alive, bool Runner, bool RunnerLost, DateTime Outage)? _seen;

    // When the watched queue's runner, last heard from as read, turns lost if it says nothing more.
    private DateTimeOffset _queueLostAt = DateTimeOffset.MaxValue;
    private EngineSnapshot? _last;
    private readonly SharedRows _sharedRows = new();
    private (string RunId, string? Text, SpendCaps Caps)? _caps;

    public RunPaths Paths { get; } = paths;

    /// <summary>The job queue run whose runner and jobs the snapshot carries too (`ias status`); null for none.</summary>
    public string? QueueRun { get; init; }

    /// <summary>
    /// Whether the snapshot is the queue run's alone (the dashboard watching a job queue): its jobs are the rows, and no
    /// Run Mode run, breaker or plan shows beside them.
    /// </summary>
    public bool QueueOnly { get; init; }

    /// <summary>The team's shared queue (ias.queue.backend: postgres), read for the queue run instead of the checkout's database.</summary>
    public SharedQueue? Shared { get; init; }

    /// <summary>
    /// An earlier Run Mode run to show instead of the current one, from its record alone: no engine runs it, and no plan,
    /// bug file or question of the current run shows beside it. Null for the current run.
    /// </summary>
    public string? PastRun { get; init; }

    /// <summary>Whether a broken plan or bug file is an error to report (one look by a command) rather than rows a polling dashboard hides for a frame.</summary>
    private bool Strict { get; init; }

    /// <summary>One look, for a command: a broken state file throws instead of hiding what it holds.</summary>
    public static EngineSnapshot Once(RunPaths paths, TimeProvider clock, string? queueRun = null)
    {
        using var reader = new SnapshotReader(paths, clock) { QueueRun = queueRun, Strict = true };
        return reader.Read();
    }

    /// <summary>
    /// The engine's state now; when neither the database, the job folders, the plan file nor the engine's lock changed, the
    /// last snapshot with the clock moved on. The questions of a team's shared queue are there too, whichever run is watched.
    /// </summary>
    public EngineSnapshot Read()
    {
        var here = ReadHere();
        return Shared is null ? here : here with { Questions = [.. here.Questions, .. Shared.Questions()] };
    }

    private EngineSnapshot ReadHere()
    {
        if (_store is null && File.Exists(Paths.Database))
        {
            _store = RunStore.Open(Paths.Database);
        }

        if (QueueOnly && Shared is not null)
        {
            // The shared queue answers from its last look until a second has passed: nothing here to compare first.
            return ReadAll();
        }

        // An idle dashboard polls all night: what has not changed is not read again, to keep its CPU near zero. Job folders
        // are counted, not dated: a directory's time can stay put across two quick additions.
        var plan = new FileInfo(Paths.SprintPlanState);
        var seen = (
            _store?.DataVersion() ?? -1,
            Directory.Exists(Paths.JobsDir) ? Directory.EnumerateDirectories(Paths.JobsDir).Count() : -1,
            plan.Exists ? plan.LastWriteTimeUtc : default,
            plan.Exists ? plan.Length : -1,
            EngineLock.IsHeld(Paths.EngineLock, out _),
            QueueRun is { } name && EngineLock.IsHeld(new QueuePaths(Paths.RepoRoot, name).Lock, out _),
            // A runner goes lost with time alone, and its outage file lives outside the database.
            clock.GetUtcNow() > _queueLostAt,
            QueueRun is { } outage ? File.GetLastWriteTimeUtc(new QueuePaths(Paths.RepoRoot, outage).Outage) : default);
        if (_last is not null && seen == _seen)
        {
            return _last with { Status = _last.Status with { Now = clock.GetUtcNow() } };
        }

        _seen = seen;
        _last = ReadAll();
        return _last;
    }

    /// <summary>A checkout's queue run's jobs as rows, the writing jobs held back behind a blocked or backing-off one saying so.</summary>
    private List<JobRow> Rows(QueueSnapshot queue, DateTimeOffset now)
    {
        var held = WriterOrder.HeldBack(queue.Jobs, now);
        var paths = new QueuePaths(Paths.RepoRoot, queue.Run.Name);
        return [.. queue.Jobs.Select(j => JobRow.Of(j, paths, queue.RunnerAlive, now, held.GetValueOrDefault(j.Id)))];
    }

    /// <summary>The watched run, with every question of the checkout that waits: a person answers what waits, whichever run is watched.</summary>
    private EngineSnapshot ReadAll() => Watched() with { Questions = _store is null ? [] : new DecisionStore(_store).Open() };

    private EngineSnapshot Watched()
    {
        if (QueueOnly)
        {
            var now = clock.GetUtcNow();
            var only = Queue();
            var rows = only is null ? []
                : Shared is not null ? _sharedRows.Of(only, Paths, now)
                : Rows(only, now);
            var agent = only?.Run.CurrentJob is { } current ? only.Jobs.FirstOrDefault(j => j.Id == current)?.Agent : null;

            // The queue run's breaker and the repository's hourly window, both kept in this checkout's ias.db (see QueueGate).
            var safety = _store is null || only is null ? null : new SafetyStore(_store);
            var breaker = safety?.LoadBreaker(QueueGate.BreakerKey(only!.Run.Name));
            return new EngineSnapshot(new RunStatus(null, breaker, safety?.LoadRateLimit(), only?.RunnerAlive ?? false, only?.Runner, now), rows, agent) { Queue = only };
        }

        if (PastRun is { } past && _store is not null)
        {
            return Past(_store, past);
        }

        var status = RunStatus.Read(_store, Paths, clock, Strict);
        var plan = Tolerant(() => SprintPlanStateFile.Read(Paths));
        // The bug beside the run it made, or one halted at triage, which made no run.
        var bug = status.Run is { } bugRun && RunSnapshot.IsBugTarget(bugRun.Target)
            ? Tolerant(() => BugStateFile.Latest(Paths))
            : Tolerant(() => BugStateFile.HaltedAtTriage(Paths, status.Run));
        var queue = Queue();
        if (_store is null || status.Run is not { } run)
        {
            return new EngineSnapshot(status, [], null, plan) { Bug = bug, Queue = queue };
        }

        var records = new RunRecords(_store);
        var calls = records.AgentCalls(run.RunId);
        var jobs = Jobs(run, records.Phases(run.RunId), status.EngineAlive);
        if (plan is not null)
        {
            // The plan's earlier sprints ran as runs of their own; their phases come first, so every job of the plan can be opened.
            var earlier = plan.Sprints.Where(sp => sp.RunId is { } id && id != run.RunId)
                .SelectMany(sp => Jobs(run with { RunId = sp.RunId!, State = RunState.JackedOut }, records.Phases(sp.RunId!), engineAlive: false)
                    .Select(row => row with { Sprint = sp.Id }));
            jobs = [.. earlier, .. jobs];
        }

        return new EngineSnapshot(status, jobs, calls.LastOrDefault()?.Agent ?? run.Options.Agent, plan)
        {
            Bug = bug,
            Queue = queue,
            Spend = Spend.Of(calls, records, Caps(run), status.Now),
            RunsAtWork = Paths.Lanes().Count(l => EngineLock.IsHeld(l.EngineLock, out _)),
        };
    }

    /// <summary>An earlier run as it was left: its record, breaker, phases and spend; the rate limit is the checkout's, as for any run.</summary>
    private EngineSnapshot Past(RunStore store, string runId)
    {
        var now = clock.GetUtcNow();
        var records = new RunRecords(store);
        if (records.GetRun(runId) is not { } run)
        {
            return EngineSnapshot.Empty(now) with { Past = true };
        }

        var safety = new SafetyStore(store);
        var status = new RunStatus(run, safety.LoadBreaker(runId), safety.LoadRateLimit(), EngineAlive: false, null, now);
        var calls = records.AgentCalls(runId);
        return new EngineSnapshot(status, Jobs(run, records.Phases(runId), engineAlive: false), calls.LastOrDefault()?.Agent ?? run.Options.Agent)
        {
            Past = true,
            Spend = Spend.Of(calls, records, Caps(run), now),
        };
    }

    /// <summary>The caps of the run's own copy of .loa.config.yaml, the one its gate reads; none when it kept no copy or the copy does not read.</summary>
    /// <remarks>Read again only when the copy's text changes (a `--reload-config`): a dashboard reads while the log streams, and a YAML parse per look is not free.</remarks>
    private SpendCaps Caps(RunSnapshot run)
    {
        var inputs = new RunInputsStore(_store!).Load(run.RunId);
        var text = inputs?.Files.GetValueOrDefault(ConfigLoader.FileName);
        if (_caps is { } cached && cached.RunId == run.RunId && cached.Text == text)
        {
            return cached.Caps;
        }

        SpendCaps caps;
        try
        {
            caps = inputs is null ? SpendCaps.None : SpendCaps.From(inputs.Config(Paths.RepoRoot).Budget);
        }
        catch (ConfigException)
        {
            caps = SpendCaps.None;
        }

        _caps = (run.RunId, text, caps);
        return caps;
    }

    /// <summary>
    /// A state file's content; for a dashboard, a file being rewritten or hand-broken just hides its rows for a frame,
    /// while a command reports it.
    /// </summary>
    private T? Tolerant<T>(Func<T?> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (Exception e) when (!Strict && e is StateFileException or IOException)
        {
            return null;
        }
    }

    private QueueSnapshot? Queue()
    {
        if (QueueRun is { } shared && Shared is not null)
        {
            return Shared.Queue(shared);
        }

        if (QueueRun is not { } name || _store is null)
        {
            return null;
        }

        var queue = QueueBackends.Local(_store);
        if (queue.FindQueueRun(name) is not { } run)
        {
            return null;
        }

        var paths = new QueuePaths(Paths.RepoRoot, name);
        var lease = RunnerLiveness.LeaseOf(paths);
        var (alive, runner, lost) = RunnerLiveness.Own(paths, run, lease, clock.GetUtcNow());
        _queueLostAt = run.Updated + lease;
        return new QueueSnapshot(lost ? run with { RunnerStatus = RunnerStatus.Lost } : run, queue.Jobs(name), alive, runner) { Outage = QueueOutageFile.Read(paths) };
    }

    public void Dispose() => _store?.Dispose();

    private List<JobRow> Jobs(RunSnapshot run, IReadOnlyList<PhaseRecord> phases, bool engineAlive) => JobRows(Paths, run, phases, engineAlive);

    /// <summary>The queue pane's rows of a Run Mode run: its phases as they stand, each with its attempts' job folders, and the phase that comes next.</summary>
    internal static List<JobRow> JobRows(RunPaths paths, RunSnapshot run, IReadOnlyList<PhaseRecord> phases, bool engineAlive)
    {
        var dirs = Directory.Exists(paths.JobsDir)
            ? Directory.EnumerateDirectories(paths.JobsDir, run.RunId + "-p*")
                .Select(d => (Dir: d, Id: JobIds.Parse(run.RunId, Path.GetFileName(d))))
                .Where(x => x.Id is not null)
                .GroupBy(x => x.Id!.Value.PhaseId)
                .ToDictionary(g => g.Key, g => g.OrderBy(x => x.Id!.Value.Attempt).Select(x => x.Dir).ToList())
            : [];

        var rows = new List<JobRow>(phases.Count + 1);
        for (var i = 0; i < phases.Count; i++)
        {
            var p = phases[i];
            var attempts = dirs.GetValueOrDefault(p.Id) ?? [];
            var last = i == phases.Count - 1;
            var status = p.Outcome is null ? (last && engineAlive ? JobStatus.Running : JobStatus.Halted)
                : StepOutcome.Parse(p.Outcome) switch
                {
                    { Interrupted: true } => JobStatus.Halted,
                    { Kind: StepOutcomeKind.Failed } => JobStatus.Failed,
                    _ => JobStatus.Done,
                };
            // A phase its engine never ended (the engine was killed mid-turn) was last seen at the run's last activity: its
            // time stops there instead of counting on with the clock of whoever looks.
            var ended = p.Ended ?? (status == JobStatus.Halted ? (run.LastActivity > p.Started ? run.LastActivity : p.Started) : null);
            rows.Add(new JobRow(p.Id, p.Cycle, p.Phase, p.Phase.RoleOf(), status, attempts.Count, p.Started, ended, p.Outcome, p.Findings, attempts.LastOrDefault()));
        }

        // What comes next, while the run can still go on, so the queue never looks finished when it is not.
        if (run.State is RunState.Running or RunState.Halted && (phases.Count == 0 || phases[^1].Outcome is not null))
        {
            var next = run.Phase is Phase.RateLimited or Phase.AwaitingDecision ? run.ResumePhase ?? Phase.Implement : run.Phase;
            rows.Add(new JobRow(0, run.CycleCurrent, next, next.RoleOf(), JobStatus.Pending, 0, run.LastActivity, null, null, 0, null));
        }

        return rows;
    }
}
