using Ias.Core.Config;

namespace Ias.Core.Jobs;

/// <summary>
/// What a run's runners say they are doing: a checkout's own queue keeps its one runner in the run's row (and state.json),
/// a shared queue a row per runner, its run's row holding only what the whole team shares (a stop, a park). Every write
/// joins the open change of <see cref="QueueChanges"/>.
/// </summary>
internal sealed class RunnerRecord(IQueueStore store, QueueChanges changes, string run, QueueConfig config)
{
    /// <summary>The agents this process's runner can start, recorded with its row; null where no runner runs (a command).</summary>
    public RunnerAgents? Agents { get; set; }

    /// <summary>Whether the queue gives out no job now: it is parked, or asked to stop.</summary>
    public static bool Holds(QueueRun run, DateTimeOffset now) => run.ParkedUntil > now || run.StopRequested;

    /// <summary>The runners as the store last heard from them; one not heard from for longer than a lease is lost.</summary>
    public IReadOnlyList<QueueRunner> List(DateTimeOffset now) =>
        [.. store.Runners(run).Select(r => r.AsOf(now, config.Lease))];

    /// <summary>The runner <paramref name="owner"/> is running <paramref name="job"/>, which it claimed from <paramref name="current"/>.</summary>
    public void Running(QueueRun current, string owner, string job, DateTimeOffset now)
    {
        // On a shared queue each runner's status is its own row: had every claim written the run's one row, each would
        // wait for the claim before it to commit, and all of them for a runner frozen half-way through one.
        if (!store.Shared)
        {
            changes.SaveRun(current with { CurrentJob = job, RunnerStatus = RunnerStatus.Running, RunnerOwner = owner, ParkedUntil = null, ParkedReason = null, Updated = now });
        }

        Beat(owner, job, now);
    }

    /// <summary>The runner <paramref name="owner"/> is still running <paramref name="job"/>.</summary>
    public void Beat(string owner, string job, DateTimeOffset now) =>
        store.SaveRunner(run, new QueueRunner(owner, RunnerStatus.Running, job, now) { Agents = Agents });

    public void Park(DateTimeOffset until, string reason, DateTimeOffset now) =>
        changes.SaveRun(changes.Current with { RunnerStatus = RunnerStatus.Parked, ParkedUntil = until, ParkedReason = reason, Updated = now });

    /// <summary>No runner runs anything (`ias recover`).</summary>
    public void Stopped(DateTimeOffset now) =>
        changes.SaveRun(changes.Current with { CurrentJob = null, RunnerStatus = RunnerStatus.Stopped, RunnerOwner = null, Updated = now });

    public void RequestStop() => changes.SaveRun(changes.Current with { StopRequested = true, Updated = changes.Now() });

    /// <summary>
    /// Records what the runner is doing now (the run's row on a checkout's own queue, <paramref name="reporter"/>'s own row
    /// among a shared queue's runners); a parked queue stays parked until its reset, whoever starts.
    /// </summary>
    public void Set(string status, string? owner, bool clearStop, string? reporter)
    {
        var current = changes.Current;
        var now = changes.Now();
        var parked = current.ParkedUntil > now;
        status = parked && status == RunnerStatus.Idle ? RunnerStatus.Parked : status;
        if ((reporter ?? owner) is { } who)
        {
            store.SaveRunner(run, new QueueRunner(who, status, status == RunnerStatus.Running ? current.CurrentJob : null, now) { Agents = Agents });
        }

        var next = current with
        {
            RunnerStatus = status,
            RunnerOwner = owner,
            CurrentJob = status == RunnerStatus.Running ? current.CurrentJob : null,
            StopRequested = !clearStop && current.StopRequested,
            ParkedUntil = parked ? current.ParkedUntil : null,
            ParkedReason = parked ? current.ParkedReason : null,
            Updated = now,
        };

        // On a shared queue the run's row holds only what the whole team shares (a stop, a park), so runners waiting for
        // jobs never wait on each other for it.
        if (!store.Shared || next.StopRequested != current.StopRequested || next.ParkedUntil != current.ParkedUntil)
        {
            changes.SaveRun(next);
        }
    }
}
