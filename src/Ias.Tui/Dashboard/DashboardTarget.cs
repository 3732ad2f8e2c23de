using Ias.Core.Jobs;
using Ias.Core.Snapshots;
using Ias.Core.Storage;

namespace Ias.Tui.Dashboard;

/// <summary>
/// Which run a dashboard watches in a checkout: the current Run Mode run, an earlier one, or one of its job queue runs.
/// --run and --latest choose a queue run as `ias status` does; otherwise the latest active of the runs list's (see
/// <see cref="RunsList.Latest"/>), with a line saying how to watch another.
/// </summary>
/// <param name="QueueRun">The queue run to watch; null for a Run Mode run.</param>
/// <param name="Greeting">What the footer says first: how to switch; null when there is nothing else to watch.</param>
public sealed record DashboardTarget(string? QueueRun, string? Greeting)
{
    /// <summary>The current Run Mode run, the default.</summary>
    public static DashboardTarget RunMode { get; } = new(null, null);

    /// <summary>An earlier Run Mode run, shown read-only; null for the current one (or a queue run).</summary>
    public string? PastRun { get; init; }

    /// <summary>The target for the flags; with a team's <paramref name="shared"/> queue, --run and --latest choose among its runs.</summary>
    public static DashboardTarget Choose(string root, string? run, bool latest, bool runMode, SharedQueue? shared = null)
    {
        if (runMode && (run is not null || latest))
        {
            throw new QueueException("--run-mode watches the Run Mode run, --run and --latest a queue run: pass one of them");
        }

        var paths = new RunPaths(root);
        if (!runMode && shared is not null && (run is not null || latest))
        {
            return new(shared.Now(store => JobQueue.Resolve(store, run, latest)), null);
        }

        if (runMode || (!File.Exists(paths.Database) && shared is null))
        {
            return run is null && !latest ? RunMode : throw new QueueException("no runs yet: create one with `ias new-run NAME`");
        }

        using var list = new RunsList(paths, shared);
        if (run is not null || latest)
        {
            using var store = RunStore.Open(paths.Database);
            return new(JobQueue.Resolve(QueueBackends.Local(store), run, latest), null);
        }

        var runs = list.Read();
        if (shared?.Problem is { } problem)
        {
            // Not knowing the team's runs, the dashboard would pick a run it was not asked for.
            throw new QueueException(problem);
        }

        if (RunsList.Latest(runs) is not { } chosen)
        {
            return RunMode;
        }

        var what = chosen.Kind == RunKind.Queue ? $"queue run {chosen.Id}" : $"run {chosen.Id}";
        return Of(chosen) with { Greeting = runs.Count > 1 ? $"{what}, the latest active of {runs.Count} runs: l lists them to watch another" : null };
    }

    /// <summary>The target that watches <paramref name="run"/>, a row of the runs list.</summary>
    public static DashboardTarget Of(RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Kind == RunKind.Queue ? new(run.Id, null) : RunMode with { PastRun = run.Current ? null : run.Id };
    }

    /// <summary>Whether this target watches <paramref name="run"/>, a row of the runs list.</summary>
    public bool Watches(RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Kind == RunKind.Queue ? run.Id == QueueRun : QueueRun is null && (PastRun is null ? run.Current : run.Id == PastRun);
    }
}
