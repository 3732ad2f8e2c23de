using Ias.Core.Config;
using Ias.Core.Jobs.Mirror;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;

namespace Ias.Core.Jobs.Queue;

/// <summary>
/// What a run's runners say they are doing: a checkout's own queue keeps its one runner in the run's row (and state.json),
/// a shared queue a row per runner, its run's row holding only what the whole team shares (a stop, a park). Every write
/// joins the open change of <see cref="QueueChanges"/>.
/// </summary>
internal sealed class RunnerRecord(IQueueStore store, QueueChanges changes, string run, QueueConfig config)
{
    /// <summary>The agents this process's runner can start, recorded with its row; null where no runner runs (a command).</summary>
    public RunnerAgents? Agents { get; set; }

    /// <summary>
    /// The run's <see cref="QueueRun.Stops"/> when this process's runner started (<see cref="Start"/>): it obeys only the stops
    /// asked after. Null where no runner started here.
    /// </summary>
    public long? StopsAtStart { get; private set; }

    /// <summary>Whether the queue gives out no job now: it is parked, or a stop is asked of this process's runner.</summary>
    public bool Holds(QueueRun run, DateTimeOffset now) => run.ParkedUntil > now || StopAsked(run);

    /// <summary>Whether a stop was asked of this process's runner since it started; where none started here, whether one is pending.</summary>
    public bool StopAsked(QueueRun run) => StopsAtStart is { } before ? run.Stops > before : run.StopRequested;

    /// <summary>The runners as the store last heard from them; one not heard from for longer than a lease is lost.</summary>
    public IReadOnlyList<RunnerRow> List(DateTimeOffset now) =>
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
        store.SaveRunner(run, new RunnerRow(owner, RunnerStatus.Running, job, now) { Agents = Agents, StopsAtStart = StopsAtStart });

    public void Park(DateTimeOffset until, string reason, DateTimeOffset now) =>
        changes.SaveRun(changes.Current with { RunnerStatus = RunnerStatus.Parked, ParkedUntil = until, ParkedReason = reason, Updated = now });

    /// <summary>No runner runs anything (`ias recover`).</summary>
    public void Stopped(DateTimeOffset now) =>
        changes.SaveRun(changes.Current with { CurrentJob = null, RunnerStatus = RunnerStatus.Stopped, RunnerOwner = null, Updated = now });

    /// <summary>`ias stop`: a stop for the runners at work now, counted so that a runner starting later does not obey it.</summary>
    public void RequestStop()
    {
        // Two stops, or a stop and the end of one, take turns on a shared queue's row, so neither writes over the other.
        store.HoldRun(run);
        var current = changes.Current;
        changes.SaveRun(current with { StopRequested = true, Stops = current.Stops + 1, Updated = changes.Now() });
    }

    /// <summary>This process's runner starts as <paramref name="owner"/>: idle, obeying the stops asked since <paramref name="stopsBefore"/>.</summary>
    /// <remarks>
    /// <paramref name="stopsBefore"/> is the run's <see cref="QueueRun.Stops"/> read before the runner took the run's lock
    /// (null: now). `ias stop` asks once it sees the lock held, so a stop asked between the lock and this start is this
    /// runner's, and stays pending until it stops for it.
    /// </remarks>
    public void Start(string owner, long? stopsBefore = null)
    {
        StopsAtStart = stopsBefore ?? changes.Current.Stops;
        Set(RunnerStatus.Idle, owner, reporter: null);
        if (changes.Current.Stops == StopsAtStart)
        {
            EndServedStop();
        }
    }

    /// <summary>This process's runner, <paramref name="owner"/>, stops as it was asked.</summary>
    public void StoppedOnRequest(string owner)
    {
        Set(RunnerStatus.Stopped, null, owner);
        // A shared queue's runner looked as it recorded its stop; a checkout's one runner has served the stop now.
        if (!store.Shared)
        {
            EndServedStop();
        }
    }

    // A stop stays pending (state.json's stop_requested) while a runner it was asked of is at work. A checkout's one runner
    // ends it as it stops on it, or as it starts: a stop asked of a runner that died before seeing it must not stop this one.
    // On a shared queue it ends once none of the team's runners it was asked of is at work, as the last of them stops or a
    // runner starts after they were lost; a runner started since it was asked neither obeys it nor ends it for the runners
    // still at work. Those that look take turns on the run's row, so two stopping at once do not each see the other at work.
    private void EndServedStop()
    {
        if (!changes.Current.StopRequested)
        {
            return;
        }

        store.HoldRun(run);
        var current = changes.Current;
        if (current.StopRequested && (!store.Shared || !List(changes.Now()).Any(r => r.Stopping(current))))
        {
            changes.SaveRun(current with { StopRequested = false, Updated = changes.Now() });
        }
    }

    /// <summary>
    /// Records what the runner is doing now (the run's row on a checkout's own queue, <paramref name="reporter"/>'s own row
    /// among a shared queue's runners); a parked queue stays parked until its reset, whoever starts.
    /// </summary>
    public void Set(RunnerStatus status, string? owner, string? reporter)
    {
        var current = changes.Current;
        var now = changes.Now();
        var parked = current.ParkedUntil > now;
        status = parked && status == RunnerStatus.Idle ? RunnerStatus.Parked : status;
        if ((reporter ?? owner) is { } who)
        {
            store.SaveRunner(run, new RunnerRow(who, status, status == RunnerStatus.Running ? current.CurrentJob : null, now)
            {
                Agents = Agents,
                StopsAtStart = StopsAtStart,
            });
        }

        var next = current with
        {
            RunnerStatus = status,
            RunnerOwner = owner,
            CurrentJob = status == RunnerStatus.Running ? current.CurrentJob : null,
            ParkedUntil = parked ? current.ParkedUntil : null,
            ParkedReason = parked ? current.ParkedReason : null,
            Updated = now,
        };

        // On a shared queue the run's row holds only what the whole team shares (a stop, a park), so runners waiting for
        // jobs never wait on each other for it.
        if (!store.Shared || next.ParkedUntil != current.ParkedUntil)
        {
            changes.SaveRun(next);
        }

        // A shared queue's runner that stops, whatever for (a stop, a cap, an interrupt), may be the last a stop waits for.
        if (store.Shared && status == RunnerStatus.Stopped)
        {
            EndServedStop();
        }
    }
}
