using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Cycles;

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
    /// 0 finished (or finishing), 1 running or halted, 2 failed or no run, 3 passed but not published: the exit codes scripts
    /// rely on. A run left COMPLETE by an engine that is gone has a push or a draft PR that failed (see the run's events).
    /// </summary>
    public int ExitCode => Run?.State switch
    {
        RunState.Complete when !EngineAlive => NotPublished,
        RunState.Complete or RunState.JackedOut or RunState.ReadyForHitl => 0,
        RunState.Running or RunState.Halted or RunState.JackIn => 1,
        _ => 2,
    };

    /// <summary>The running time the timeout counts (time halted or with no engine left out, see <see cref="CircuitBreaker.NotRunning"/>).</summary>
    public TimeSpan? Runtime => Run is null ? null : (EngineAlive || Run.State is RunState.Running ? Now : Run.LastActivity) - (Breaker?.TimeoutStarted ?? Run.Started);

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

    /// <summary>The status through an already open store (a dashboard keeps one open); null when there is no database yet.</summary>
    public static RunStatus Read(RunStore? store, RunPaths paths, TimeProvider clock)
    {
        var alive = EngineLock.IsHeld(paths.EngineLock, out var owner);
        var run = store is null ? null : new RunRecords(store).CurrentRun();
        return new RunStatus(
            run,
            run is null ? null : new SafetyStore(store!).LoadBreaker(run.RunId),
            store is null ? null : new SafetyStore(store).LoadRateLimit(),
            alive,
            owner,
            clock.GetUtcNow());
    }
}
