using System.Diagnostics;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Storage;

namespace Ias.Core.Control;

/// <summary>
/// Talks to the engine working on a repository's run, from any process: whether one is alive, halt and resume. Requests
/// go into the run database's control table, which the engine polls; only a resume with no engine alive starts one.
/// </summary>
public sealed class EngineClient(RunPaths paths, TimeProvider clock)
{
    private static readonly TimeSpan LeavePoll = TimeSpan.FromMilliseconds(25);

    public RunPaths Paths { get; } = paths;

    /// <summary>Whether an engine holds the run's lock right now, and who it is (pid and host).</summary>
    public bool IsAlive(out string? holder) => EngineLock.IsHeld(Paths.EngineLock, out holder);

    public bool IsAlive() => IsAlive(out _);

    /// <summary>Asks every live engine of <paramref name="repo"/>'s lanes to halt (`ias run-halt --all`, the dashboard's X); the lanes asked.</summary>
    public static IReadOnlyList<RunPaths> HaltEvery(RunPaths repo, TimeProvider clock, string? reason, bool force)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return [.. repo.InLane(null).Lanes().Where(lane => new EngineClient(lane, clock).Halt(reason, force).Sent)];
    }

    /// <summary>Asks the live engine to halt after its current phase, or with <paramref name="force"/> to stop its agent now; with no engine alive nothing is sent.</summary>
    public HaltOutcome Halt(string? reason, bool force)
    {
        if (!IsAlive(out var holder))
        {
            return new HaltOutcome(Sent: false, Engine: null);
        }

        Request(ControlKind.Halt, reason, force);
        return new HaltOutcome(Sent: true, holder);
    }

    /// <summary>
    /// Stops the live engine now (a forced halt) and waits up to <paramref name="wait"/> for it to let go of the run, so a
    /// person can work in its checkout; true when no engine is left (or none was running).
    /// </summary>
    public bool StopNow(string reason, TimeSpan wait)
    {
        if (!Halt(reason, force: true).Sent)
        {
            return true;
        }

        var waited = Stopwatch.StartNew();
        while (IsAlive())
        {
            if (waited.Elapsed >= wait)
            {
                return false;
            }

            Thread.Sleep(LeavePoll);
        }

        return true;
    }

    /// <summary>
    /// A forced halt an engine sends itself for a signal it received: queued whether or not it holds its lock yet, since
    /// the asker is the engine. False, and nothing queued, when there is no run database to queue it in.
    /// </summary>
    public bool HaltSelf(string reason)
    {
        if (!File.Exists(Paths.Database))
        {
            return false;
        }

        Request(ControlKind.Halt, reason, force: true);
        return true;
    }

    /// <summary>How long a resume waits for an engine that has already stopped its run (halted, or finished) to let go of its lock.</summary>
    public TimeSpan LeaveWait { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Called with the engine's name each time a resume finds it leaving and waits a moment longer for it.</summary>
    public Action<string?>? Waiting { get; init; }

    /// <summary>
    /// A live engine still working on its run is sent a resume, which takes back a graceful halt it has not acted on yet
    /// (the request's options are for a new engine only). An engine that has already stopped its run is on its way out
    /// and would never read the request, so the resume waits (up to <see cref="LeaveWait"/>) for it to let go of its lock.
    /// With none alive, <paramref name="starter"/> starts a new one; without a starter the caller is told no engine runs,
    /// so it can resume the run in its own process.
    /// </summary>
    public ResumeOutcome Resume(ResumeRequest request, IEngineStarter? starter)
    {
        ArgumentNullException.ThrowIfNull(request);
        var waited = Stopwatch.StartNew();
        while (IsAlive(out var holder))
        {
            if (!RunStopped())
            {
                Request(ControlKind.Resume, reason: null, force: false);
                return new ResumeOutcome(ResumeResult.Sent, holder, Engine: null);
            }

            if (waited.Elapsed >= LeaveWait)
            {
                return new ResumeOutcome(ResumeResult.Leaving, holder, Engine: null);
            }

            // The engine's last steps (taking ICE's hook and shim away, letting go of the checkout) take moments.
            Waiting?.Invoke(holder);
            Thread.Sleep(LeavePoll);
        }

        return starter is null
            ? new ResumeOutcome(ResumeResult.NoEngine, Holder: null, Engine: null)
            : new ResumeOutcome(ResumeResult.Started, Holder: null, starter.Start(Paths, request));
    }

    /// <summary>Whether the current run has stopped (halted, complete or jacked out): its engine, if alive, is leaving.</summary>
    private bool RunStopped()
    {
        using var store = RunStore.Open(Paths.Database);
        return new RunRecords(store, Paths.Lane).CurrentRun()?.State is RunState.Halted or RunState.Complete or RunState.JackedOut or RunState.ReadyForHitl;
    }

    private void Request(ControlKind kind, string? reason, bool force)
    {
        using var store = RunStore.Open(Paths.Database);
        store.RequestControl(kind, clock.GetUtcNow(), reason, force, lane: Paths.Lane);
    }
}
