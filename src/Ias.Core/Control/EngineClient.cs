using Ias.Core.Storage;

namespace Ias.Core.Control;

/// <summary>
/// Talks to the engine working on a repository's run, from any process: whether one is alive, halt and resume. Requests
/// go into the run database's control table, which the engine polls; only a resume with no engine alive starts one.
/// </summary>
public sealed class EngineClient(RunPaths paths, TimeProvider clock)
{
    public RunPaths Paths { get; } = paths;

    /// <summary>Whether an engine holds the run's lock right now, and who it is (pid and host).</summary>
    public bool IsAlive(out string? holder) => EngineLock.IsHeld(Paths.EngineLock, out holder);

    public bool IsAlive() => IsAlive(out _);

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

    /// <summary>
    /// A live engine is sent a resume, which takes back a graceful halt it has not acted on yet (the request's options
    /// are for a new engine only). With none alive, <paramref name="starter"/> starts a new one; without a starter the
    /// caller is told no engine runs, so it can resume the run in its own process.
    /// </summary>
    public ResumeOutcome Resume(ResumeRequest request, IEngineStarter? starter)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IsAlive(out var holder))
        {
            Request(ControlKind.Resume, reason: null, force: false);
            return new ResumeOutcome(ResumeResult.Sent, holder, Engine: null);
        }

        return starter is null
            ? new ResumeOutcome(ResumeResult.NoEngine, Holder: null, Engine: null)
            : new ResumeOutcome(ResumeResult.Started, Holder: null, starter.Start(Paths, request));
    }

    private void Request(ControlKind kind, string? reason, bool force)
    {
        using var store = RunStore.Open(Paths.Database);
        store.RequestControl(kind, clock.GetUtcNow(), reason, force);
    }
}
