using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Safety;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Records;

/// <summary>
/// A run that `.run/` holds and ias.db has no record of: written by the original Run Mode tools, or left behind when ias.db
/// was removed. ias shows it and refuses to start over it; its files are written again only once a person adopts the run
/// (`ias run-resume`) or ends it (`ias run-halt --jack-out`).
/// </summary>
public sealed record UnrecordedRun(RunSnapshot? Run, BreakerSnapshot? Breaker, RateLimitSnapshot? RateLimit)
{
    /// <summary>
    /// The state files of a run <paramref name="runs"/> does not know, or null when there are none or they are ias's own.
    /// Every file is read first, so a corrupt one throws <see cref="StateFileException"/> with its path and stays as it is.
    /// </summary>
    public static UnrecordedRun? Find(RunPaths paths, RunRecords? runs)
    {
        var files = new StateFiles(paths);
        var safety = new SafetyFiles(files);
        var run = new RunFiles(files).ReadState();
        var breaker = safety.ReadBreaker();
        var rate = safety.ReadRateLimit();
        var ours = run is null ? runs?.CurrentRun() is not null : runs?.GetRun(run.RunId) is not null;
        return ours || (run, breaker, rate) is (null, null, null) ? null : new UnrecordedRun(run, breaker, rate);
    }

    /// <summary>Whether a new run here would write over a run nobody ended: the one line that says so, or null.</summary>
    public string? Conflict(RunPaths paths)
    {
        var open = Breaker is { State: BreakerState.Open } b ? b : null;
        var trip = open?.History.LastOrDefault() is { } last ? $" ({last.Trigger}{(last.Reason.Length > 0 ? ": " + last.Reason : "")})" : "";
        if (Run is { State: RunState.Running or RunState.Halted or RunState.Complete } run)
        {
            return $"{paths.Display(paths.State)} holds run {run.RunId} of {run.Target}, {WireName.Of(run.State)} at cycle {run.CycleCurrent}"
                + (open is null ? "" : $" with its circuit breaker OPEN{trip}")
                + $", written without ias's database: resume it with `ias run-resume{(open is null ? "" : " --reset-ice")}`, end it with `ias run-halt --jack-out`, or remove .run/ to start fresh";
        }

        // A breaker tripped with no run beside it to resume; a jacked-out run's breaker went with its run.
        return Run is null && open is not null
            ? $"{paths.Display(paths.CircuitBreaker)} is OPEN{trip}, written without ias's database: fix the cause, then reset it with `ias run-resume --reset-ice`, or remove .run/ to start fresh"
            : null;
    }

    /// <summary>Whether `ias run-resume` can take this run over: a state.json whose run has not ended.</summary>
    public bool Resumable => Run is { State: RunState.Running or RunState.Halted or RunState.Complete };
}
