using Ias.Core.Config;

namespace Ias.Core.Jobs;

/// <summary>
/// The queue's write transactions: each change runs in one and mirrors the jobs it wrote into runner/ before it commits,
/// so two processes never interleave a change and an older mirror.
/// </summary>
internal sealed class QueueChanges(IQueueStore store, QueuePaths paths, QueueConfig config, TimeProvider clock)
{
    // The jobs the open change wrote, for the mirror; set only inside the write transaction.
    private List<Job>? _changed;

    // The run's row as the open change last read or wrote it, on the checkout's own store: the change holds the database's
    // write lock, so the row stays so until it commits, and neither the change's next step nor its mirror reads it again.
    // A shared store's row is read each time: other runners write it between the steps.
    private QueueRun? _run;

    /// <summary>The run's row as the store holds it now.</summary>
    public QueueRun State => store.FindQueueRun(paths.Run)!;

    /// <summary>The run's row as the open change knows it.</summary>
    public QueueRun Current => _run ?? Remember(State);

    /// <summary>
    /// Runs <paramref name="change"/> in one write transaction that mirrors only the jobs it wrote, with state.json's counts.
    /// A change inside another (a batch) joins it: the outermost mirrors everything the batch wrote, once.
    /// </summary>
    public void Change(Action change) => store.Transaction(() =>
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
            QueueMirror.WriteChanged(paths, Current, store.Counts(paths.Run), _changed);
        }
        finally
        {
            _changed = null;
            _run = null;
        }
    });

    /// <summary>Runs <paramref name="change"/> in one write transaction that writes the whole runner folder again.</summary>
    public void MirrorAll(Action change) => store.Transaction(() =>
    {
        change();
        QueueMirror.WriteAll(paths, config, State, store.Counts(paths.Run), store.Jobs(paths.Run));
    });

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

    private QueueRun Remember(QueueRun run)
    {
        if (_changed is not null && !store.Shared)
        {
            _run = run;
        }

        return run;
    }
}
