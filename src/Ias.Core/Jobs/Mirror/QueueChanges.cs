using Ias.Core.Config;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;

namespace Ias.Core.Jobs.Mirror;

/// <summary>
/// The queue's write transactions, and the runner folder following them at most once per
/// <see cref="QueueConfig.MirrorEvery"/>: a change after a quiet interval writes its jobs' files inside its own
/// transaction; the changes within the interval after it list their jobs in the store, and the folder catches up with
/// those rows when the interval ends (a timer) and when the queue is disposed.
/// </summary>
/// <remarks>
/// The database is the truth and the folder its copy: a process that dies before its folder caught up leaves the list in
/// the store, and the next catch-up of any process on the checkout writes those jobs. A catch-up reads each listed job as
/// the store holds it when it runs, inside a write transaction, so the folder's last write of a job is its newest version.
/// </remarks>
internal sealed class QueueChanges(IQueueStore store, QueuePaths paths, QueueConfig config, TimeProvider clock) : IDisposable
{
    // The jobs the open change wrote; set only inside the write transaction.
    private List<Job>? _changed;

    // The run's row as the open change last read or wrote it, on the checkout's own store: the change holds the database's
    // write lock, so the row stays so until it commits, and neither the change's next step nor its mirror reads it again.
    // A shared store's row is read each time: other runners write it between the steps.
    private QueueRun? _run;

    // Which folder the store's list is for: a shared store serves a runner folder in each checkout, on each machine.
    private readonly string _folder = $"{Environment.MachineName}:{paths.RunnerDir}";

    // Whether the run has its folder (`ias init`); once it has, it keeps it.
    private bool _mirrored;

    // Guards the catch-up's timing: whether a change committed since the last catch-up, when that was, and its timer.
    private readonly Lock _gate = new();
    private bool _behind;
    private DateTimeOffset? _caughtUp;
    private ITimer? _timer;

    /// <summary>The run's row as the store holds it now.</summary>
    public QueueRun State => store.FindQueueRun(paths.Run)!;

    /// <summary>The run's row as the open change knows it.</summary>
    public QueueRun Current => _run ?? Remember(State);

    /// <summary>
    /// Runs <paramref name="change"/> in one write transaction. When the folder last caught up longer than
    /// <see cref="QueueConfig.MirrorEvery"/> ago it catches up inside that transaction (a folder that cannot be written rolls
    /// the change back); otherwise the transaction lists the jobs it wrote for the folder's next catch-up. A change inside
    /// another (a batch) joins it: the outermost writes or lists everything the batch wrote, once.
    /// </summary>
    public void Change(Action change)
    {
        bool? caughtUp = null;
        store.Transaction(() =>
        {
            if (_changed is not null)
            {
                change();
                return;
            }

            _changed = [];
            try
            {
                change();
                if (Mirrored())
                {
                    caughtUp = Due();
                    if (caughtUp == true)
                    {
                        QueueMirror.WriteChanged(paths, Current, store.Counts(paths.Run), [.. store.TakeUnmirrored(paths.Run, _folder), .. _changed]);
                    }
                    else if (_changed.Count > 0)
                    {
                        store.Unmirrored(paths.Run, _folder, [.. _changed.Select(j => j.Id).Distinct(StringComparer.Ordinal)]);
                    }
                }
            }
            finally
            {
                _changed = null;
                _run = null;
            }
        });
        if (caughtUp is { } now)
        {
            Committed(now);
        }
    }

    /// <summary>Runs <paramref name="change"/> in one write transaction that writes the whole runner folder again.</summary>
    public void MirrorAll(Action change)
    {
        store.Transaction(() =>
        {
            change();
            store.TakeUnmirrored(paths.Run, _folder);
            QueueMirror.WriteAll(paths, config, State, store.Counts(paths.Run), store.Jobs(paths.Run));
        });
        lock (_gate)
        {
            _behind = false;
        }
    }

    /// <summary>
    /// Writes the files of the jobs changed since the folder last caught up (by any process on the checkout), as the store
    /// holds them now, and state.json; unless <paramref name="always"/>, nothing when no change committed here since.
    /// </summary>
    public void CatchUp(bool always = false)
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (!_behind && !always)
            {
                return;
            }

            _behind = false;
            _caughtUp = clock.GetUtcNow();
        }

        try
        {
            store.Transaction(() =>
                QueueMirror.WriteChanged(paths, State, store.Counts(paths.Run), store.TakeUnmirrored(paths.Run, _folder)));
        }
        catch
        {
            lock (_gate)
            {
                _behind = true;
            }

            throw;
        }
    }

    /// <summary>The last catch-up: the folder shows everything this process committed.</summary>
    public void Dispose() => CatchUp();

    public void SaveRun(QueueRun run)
    {
        store.SaveQueueRun(run);
        Remember(run);
    }

    public void Save(Job job)
    {
        store.UpdateJob(job);
        Wrote(job);
    }

    /// <summary>Saves <paramref name="job"/> if its row is still held under <paramref name="generation"/>; false when a later claim took it.</summary>
    public bool SaveIf(Job job, long generation)
    {
        var held = store.UpdateJobIf(job, generation);
        if (held)
        {
            Wrote(job);
        }

        return held;
    }

    /// <summary>Jobs the store wrote for the open change (added ones, say), for its mirror.</summary>
    public void Wrote(params IEnumerable<Job> jobs) => _changed?.AddRange(jobs);

    /// <summary>The time a change writes.</summary>
    public DateTimeOffset Now() => Microseconds(clock.GetUtcNow());

    // Whole microseconds, which PostgreSQL keeps: a job read back equals the one the mirror wrote, on either store.
    public static DateTimeOffset Microseconds(DateTimeOffset t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerMicrosecond));

    // Whether the folder last caught up longer than the interval ago (or never, in this process).
    private bool Due()
    {
        lock (_gate)
        {
            return _caughtUp is not { } last || clock.GetUtcNow() - last >= config.MirrorEvery;
        }
    }

    // A change committed, caught up inside its transaction or listed: in the second case the folder catches up when the
    // interval since the last catch-up ends.
    private void Committed(bool caughtUp)
    {
        lock (_gate)
        {
            if (caughtUp)
            {
                _caughtUp = clock.GetUtcNow();
                return;
            }

            _behind = true;
            var wait = _caughtUp is { } last ? last + config.MirrorEvery - clock.GetUtcNow() : TimeSpan.Zero;
            _timer ??= clock.CreateTimer(static queue => ((QueueChanges)queue!).Tick(), this, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    // The timer's catch-up. Its failure (a full disk, a lost server) would end the process from the timer's thread, so it is
    // left for the next one: the jobs stay listed in the store, and the next change or the queue's end meets it and says so.
    private void Tick()
    {
        try
        {
            CatchUp();
        }
        catch (Exception)
        {
        }
    }

    private bool Mirrored() => _mirrored || (_mirrored = Current.Initialized is not null);

    private QueueRun Remember(QueueRun run)
    {
        if (_changed is not null && !store.Shared)
        {
            _run = run;
        }

        return run;
    }
}
