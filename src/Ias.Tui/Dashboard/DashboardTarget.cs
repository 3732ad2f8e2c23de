using Ias.Core.Cycles.Engine;
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

    /// <summary>The lane of the Run Mode run watched (see <see cref="RunPaths.Lane"/>); null for `.run/`'s.</summary>
    public string? Lane { get; init; }

    /// <summary>An earlier Run Mode run, shown read-only; null for the current one (or a queue run).</summary>
    public string? PastRun { get; init; }

    /// <summary>
    /// What the engine the dashboard is opened with starts ("sprint-1"): the header says it is starting until its run
    /// shows, or how the engine stopped before it did; null when no engine starts a new run (a resume, an attach).
    /// </summary>
    public string? Starting { get; init; }

    /// <summary>The current Run Mode run, which the engine started with the dashboard makes: <paramref name="what"/>.</summary>
    public static DashboardTarget Start(string what) => RunMode with { Starting = what };

    /// <summary>The target for the flags; with a team's <paramref name="shared"/> queue, --run and --latest choose among its runs.</summary>
    public static DashboardTarget Choose(string root, string? run, bool latest, bool runMode, SharedQueue? shared = null)
    {
        // --run naming a Run Mode run (its branch, sprint or id) watches it in its lane.
        if (run is not null && !latest && !runMode && RunLanes.Find(new RunPaths(root), run) is { } lane)
        {
            return RunMode with { Lane = lane.Lane };
        }

        var choice = RunChooser.Choose(new RunPaths(root), run, latest, runMode, shared);
        if (choice.QueueRun is { } named)
        {
            return new(named, null);
        }

        if (choice.Latest is not { } chosen)
        {
            return RunMode;
        }

        var what = chosen.Kind == RunKind.Queue ? $"queue run {chosen.Id}" : $"run {chosen.Id}";
        return Of(chosen) with { Greeting = choice.Runs > 1 ? $"{what}, the latest active of {choice.Runs} runs: l lists them to watch another" : null };
    }

    /// <summary>The target that watches <paramref name="run"/>, a row of the runs list.</summary>
    public static DashboardTarget Of(RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Kind == RunKind.Queue ? new(run.Id, null) : RunMode with { PastRun = run.Current ? null : run.Id, Lane = run.Lane };
    }

    /// <summary>Whether this target watches <paramref name="run"/>, a row of the runs list.</summary>
    public bool Watches(RunSummary run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Kind == RunKind.Queue ? run.Id == QueueRun : QueueRun is null && (PastRun is null ? run.Current && run.Lane == Lane : run.Id == PastRun);
    }
}
