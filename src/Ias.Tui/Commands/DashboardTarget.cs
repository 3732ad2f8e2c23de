using Ias.Core.Cycles;
using Ias.Core.Jobs;
using Ias.Core.Storage;

namespace Ias.Tui.Commands;

/// <summary>
/// Which run `ias dashboard` watches in a checkout: the Run Mode run or one of its job queue runs. --run and --latest
/// choose a queue run as `ias status` does; otherwise the one with the latest activity, with a line saying how to
/// watch the other.
/// </summary>
/// <param name="QueueRun">The queue run to watch; null for the Run Mode run.</param>
/// <param name="Greeting">What the footer says first: how to switch; null when there is nothing else to watch.</param>
public sealed record DashboardTarget(string? QueueRun, string? Greeting)
{
    public static DashboardTarget Choose(string root, string? run, bool latest, bool runMode)
    {
        if (runMode && (run is not null || latest))
        {
            throw new QueueException("--run-mode watches the Run Mode run, --run and --latest a queue run: pass one of them");
        }

        var paths = new RunPaths(root);
        if (runMode || !File.Exists(paths.Database))
        {
            return run is null && !latest ? new(null, null) : throw new QueueException("no runs yet: create one with `ias new-run NAME`");
        }

        using var store = RunStore.Open(paths.Database);
        var queue = new SqliteQueueStore(store);
        if (run is not null || latest)
        {
            return new(JobQueue.Resolve(queue, run, latest), null);
        }

        var runs = queue.QueueRuns();
        if (runs.Count == 0)
        {
            return new(null, null);
        }

        var newest = runs.MaxBy(r => r.Updated)!;
        var others = runs.Count > 1 ? $" (of {runs.Count}: `ias dashboard --run NAME` watches another)" : "";
        if (new RunRecords(store).CurrentRun() is not { } sprint)
        {
            return new(newest.Name, others.Length == 0 ? null : $"queue run {newest.Name}, the latest active{others}");
        }

        return sprint.LastActivity >= newest.Updated
            ? new(null, $"run {sprint.RunId}, the latest active; `ias dashboard --run {newest.Name}` watches the queue run")
            : new(newest.Name, $"queue run {newest.Name}, the latest active; `ias dashboard --run-mode` watches run {sprint.RunId}");
    }
}
