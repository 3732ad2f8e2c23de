using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Records;

/// <summary>One look at a repository's run: what `ias run-status` prints and `--json` serialises.</summary>
public sealed record RunStatus(
    RunSnapshot? Run,
    BreakerSnapshot? Breaker,
    RateLimitSnapshot? RateLimit,
    bool EngineAlive,
    string? EngineOwner,
    DateTimeOffset Now)
{
    /// <summary>The exit code when the sprint passed but publishing it (the push or the draft PR) failed: `ias run-resume` publishes again.</summary>
    public const int NotPublished = 3;

    /// <summary>
    /// 0 finished (or finishing), 1 running or halted, 2 failed, ended after a halt, or no run, 3 passed but not published: the exit codes scripts
    /// rely on. A run left COMPLETE by an engine that is gone has a push or a draft PR that failed (see the run's events).
    /// </summary>
    public int ExitCode => Run?.State switch
    {
        RunState.Complete when !EngineAlive => NotPublished,
        RunState.JackedOut when Run.HaltReason is not null => 2, // ended after a halt: abandoned, not finished
        RunState.Complete or RunState.JackedOut or RunState.ReadyForHitl => 0,
        RunState.Running or RunState.Halted or RunState.JackIn => 1,
        _ => 2,
    };

    /// <summary>
    /// True when <see cref="Run"/> comes from `.run/`'s files alone, a run ias.db has no record of (see <see cref="UnrecordedRun"/>):
    /// `ias run-resume` takes it over, `ias run-halt --jack-out` ends it.
    /// </summary>
    public bool FromStateFiles { get; init; }

    /// <summary>The running time the timeout counts (time halted or with no engine left out, see <see cref="CircuitBreaker.NotRunning"/>).</summary>
    // A run from the files alone was last seen working at its last_activity: no ias engine has run it since.
    public TimeSpan? Runtime => Run is null ? null : (EngineAlive || (Run.State is RunState.Running && !FromStateFiles) ? Now : Run.LastActivity) - (Breaker?.TimeoutStarted ?? Run.Started);

    public TimeSpan? TimeToRateReset => RateLimit?.WaitingUntil is { } until && until > Now ? until - Now : null;

    public static RunStatus Read(RunPaths paths, TimeProvider clock)
    {
        if (!File.Exists(paths.Database))
        {
            return Read(null, paths, clock);
        }

        using var store = RunStore.Open(paths.Database);
        return Read(store, paths, clock);
    }

    /// <summary>
    /// The status through an already open store (a dashboard keeps one open; null when there is no database yet). A run in
    /// `.run/`'s files that the store does not know is shown instead; a corrupt file throws, naming it, unless ias.db has a
    /// run to show or the caller is not <paramref name="strict"/> (a dashboard polling while a file is rewritten).
    /// </summary>
    public static RunStatus Read(RunStore? store, RunPaths paths, TimeProvider clock, bool strict = true)
    {
        var alive = EngineLock.IsHeld(paths.EngineLock, out var owner);
        var runs = store is null ? null : new RunRecords(store, paths.Lane);
        var run = runs?.CurrentRun();
        UnrecordedRun? files;
        try
        {
            files = UnrecordedRun.Find(paths, runs);
        }
        catch (StateFileException) when (run is not null || !strict)
        {
            files = null;
        }

        if (files is not null)
        {
            return new RunStatus(files.Run, files.Breaker, files.RateLimit, alive, owner, clock.GetUtcNow()) { FromStateFiles = true };
        }

        return new RunStatus(
            run,
            run is null ? null : new SafetyStore(store!).LoadBreaker(run.RunId),
            store is null ? null : new SafetyStore(store).LoadRateLimit(),
            alive,
            owner,
            clock.GetUtcNow());
    }
}
