using System.Data.Common;
using System.Net.Sockets;
using Ias.Core.Decisions;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;

namespace Ias.Core.Snapshots;

/// <summary>
/// A team's shared queue as a dashboard watches it (ias.queue.backend: postgres): one store, so one connection, opened on
/// first use; each kind of look asks it at most once per <see cref="Interval"/> and is answered from the last one between.
/// A failed look keeps its last answer, says why in <see cref="Problem"/>, and opens the store again at the next look.
/// A runner not heard from for longer than <paramref name="lease"/> (the queue's, ias.queue.lease_minutes) reads as lost, as
/// `ias status` has it: killed, frozen or its machine gone, it is no runner at work.
/// </summary>
public sealed class SharedQueue(Func<IQueueStore> open, TimeProvider clock, TimeSpan? lease = null) : IDisposable
{
    private readonly TimeSpan _lease = lease ?? Config.QueueConfig.Defaults.Lease;

    /// <summary>The least time between two looks of one kind at the database.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, (DateTimeOffset At, object? Value)> _looks = [];
    private readonly Dictionary<string, SharedJobs> _jobs = [];
    private readonly Dictionary<string, QueueSnapshot> _snapshots = [];
    private IQueueStore? _store;

    /// <summary>Why the last look failed, as one line; null once a look succeeds again.</summary>
    public string? Problem { get; private set; }

    /// <summary>The run's jobs and the team's runners; null when there is no such run (or no look has succeeded yet).</summary>
    public QueueSnapshot? Queue(string run) => Look("queue " + run, store =>
    {
        if (store.FindQueueRun(run) is not { } found)
        {
            return null;
        }

        var runners = Runners(store, run);
        var active = runners.Where(r => r.Active).ToList();
        var lost = runners.Count(r => r.Status == RunnerStatus.Lost);
        var who = active.Count == 0 ? "no runner active" : $"{active.Count} runner(s) active: {string.Join(", ", active.Select(r => r.Owner))}";
        // The run's own runner status is a checkout's; on a shared queue its runners say what they do.
        var doing = active.Any(r => r.Status == RunnerStatus.Running) ? RunnerStatus.Running : active.FirstOrDefault()?.Status ?? RunnerStatus.Stopped;
        var jobs = store is IJobChangeFeed feed ? JobsOf(run).Read(feed) : store.Jobs(run);
        var (runState, alive, runner) = (found with { RunnerStatus = doing }, active.Count > 0, lost > 0 ? $"{who} · {lost} lost" : who);

        // Unchanged jobs keep their snapshot's counts, rather than counting 100,000 jobs again each second.
        var last = _snapshots.GetValueOrDefault(run);
        return _snapshots[run] = last is not null && ReferenceEquals(last.Jobs, jobs)
            ? last with { Run = runState, RunnerAlive = alive, Runner = runner, Runners = runners }
            : new QueueSnapshot(runState, jobs, alive, runner) { Runners = runners };
    });

    /// <summary>The shared store's queue runs as the runs list shows them, with their counts and whether any runner is on them.</summary>
    public IReadOnlyList<RunSummary> Runs() => Look("runs", store => store.QueueRuns().Select(q => new RunSummary(RunKind.Queue, q.Name, q.Updated)
    {
        Queue = q,
        Jobs = store.Counts(q.Name),
        RunnerAlive = Runners(store, q.Name).Any(r => r.Active),
    }).ToList()) ?? [];

    /// <summary>The shared queue's questions that wait for a person, oldest first (empty until a look succeeds).</summary>
    public IReadOnlyList<Decision> Questions() => Look("questions", store => store.Questions.Open()) ?? [];

    /// <summary>Runs <paramref name="use"/> on the store now, unthrottled (choosing the run to watch); a failure is a <see cref="QueueException"/> that says it.</summary>
    public T Now<T>(Func<IQueueStore, T> use)
    {
        ArgumentNullException.ThrowIfNull(use);
        try
        {
            return use(_store ??= open());
        }
        catch (Exception e) when (Failure(e))
        {
            Close();
            throw e as QueueException ?? new QueueException(Say(e));
        }
    }

    /// <summary>
    /// A shared queue's job as a row: running when an active runner holds its lease; its log is read only from this checkout
    /// (<paramref name="here"/>), and a job whose attempt is not here says where it runs instead.
    /// </summary>
    public static JobRow Row(Job job, QueueSnapshot queue, RunPaths here, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(here);
        var held = job.LeaseOwner is { } owner && queue.Runners.Any(r => r.Active && r.Owner == owner);
        var row = JobRow.Of(job, new QueuePaths(here.RepoRoot, job.Run), held, now);
        var ranHere = row.JobDir is { } dir && (Directory.Exists(dir) || job.LeaseOwner?.EndsWith($" in {here.RepoRoot}", StringComparison.Ordinal) == true);
        return row.JobDir is null || ranHere ? row
            : row with { JobDir = null, Where = job.LeaseOwner is { } on ? $"runs on {on}" : "ran elsewhere" };
    }

    /// <summary>The run's jobs as this watcher keeps them (see <see cref="SharedJobs"/>).</summary>
    private SharedJobs JobsOf(string run)
    {
        if (!_jobs.TryGetValue(run, out var jobs))
        {
            _jobs[run] = jobs = new SharedJobs(run);
        }

        return jobs;
    }

    private List<RunnerRow> Runners(IQueueStore store, string run)
    {
        var now = clock.GetUtcNow();
        return [.. store.Runners(run).Select(r => r.AsOf(now, _lease))];
    }

    private T? Look<T>(string kind, Func<IQueueStore, T?> read)
        where T : class
    {
        var now = clock.GetUtcNow();
        if (_looks.TryGetValue(kind, out var last) && now - last.At < Interval)
        {
            return (T?)last.Value;
        }

        try
        {
            var value = read(_store ??= open());
            _looks[kind] = (now, value);
            Problem = null;
            return value;
        }
        catch (Exception e) when (Failure(e))
        {
            Close();
            Problem = Say(e);
            _looks[kind] = (now, last.Value);
            return (T?)last.Value;
        }
    }

    private static bool Failure(Exception e) => e is DbException or SocketException or IOException or QueueException or InvalidOperationException or TimeoutException;

    private static string Say(Exception e) => e is QueueException
        ? e.Message
        : $"cannot read the shared queue ({e.Message.ReplaceLineEndings(" ").TrimEnd('.')}): check {Jobs.Postgres.PostgresQueueStore.ConnectionVariable} and that the server is up";

    /// <summary>Closes the store; what was kept of the runs' jobs is read whole again from the next one, whatever server it is.</summary>
    private void Close()
    {
        (_store as IDisposable)?.Dispose();
        _store = null;
        _jobs.Clear();
    }

    public void Dispose() => Close();
}
