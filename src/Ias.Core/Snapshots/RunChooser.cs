using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;

namespace Ias.Core.Snapshots;

/// <summary>
/// Which run a watcher (the dashboard) looks at in a checkout: --run and --latest name a queue run as `ias status`
/// resolves them, in the team's <see cref="SharedQueue"/> when there is one; otherwise the latest active of the runs
/// list's (<see cref="RunsList.Latest"/>).
/// </summary>
public static class RunChooser
{
    /// <summary>What was chosen: a queue run by name, or the latest active run and how many the list has; neither for the current Run Mode run.</summary>
    public sealed record Choice(string? QueueRun, RunSummary? Latest, int Runs)
    {
        /// <summary>Whether the runs list has a Run Mode run (a sprint, a plan's or a bug's), past or current.</summary>
        public bool AnyRunMode { get; init; }
    }

    /// <summary>The run to watch for the flags; a mistake or an unreadable shared queue is a <see cref="QueueException"/> that says it.</summary>
    public static Choice Choose(RunPaths paths, string? run, bool latest, bool runMode, SharedQueue? shared)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var named = run is not null || latest;
        if (runMode && named)
        {
            throw new QueueException("--run-mode watches the Run Mode run, --run and --latest a queue run: pass one of them");
        }

        if (!runMode && shared is not null && named)
        {
            return new(shared.Now(store => JobQueue.Resolve(store, run, latest)), null, 0);
        }

        if (runMode || (!File.Exists(paths.Database) && shared is null))
        {
            return !named ? new(null, null, 0) : throw new QueueException("no runs yet: create one with `ias new-run NAME`");
        }

        if (named)
        {
            return new(OnLocalQueue(paths, store => JobQueue.Resolve(store, run, latest)), null, 0);
        }

        using var list = new RunsList(paths, shared);
        var runs = list.Read();
        if (shared?.Problem is { } problem)
        {
            // Not knowing the team's runs, the watcher would pick a run it was not asked for.
            throw new QueueException(problem);
        }

        return new(null, RunsList.Latest(runs), runs.Count) { AnyRunMode = runs.Any(r => r.Kind != RunKind.Queue) };
    }

    /// <summary>The checkout's own queue, opened as the queue commands open it: the one place a watcher opens a queue store.</summary>
    private static T OnLocalQueue<T>(RunPaths paths, Func<IQueueStore, T> use)
    {
        using var store = RunStore.Open(paths.Database);
        return use(QueueBackends.Local(store));
    }
}
