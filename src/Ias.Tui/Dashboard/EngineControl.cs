using System.Diagnostics;
using Ias.Core.Storage;
using Ias.Tui.Commands;

namespace Ias.Tui.Dashboard;

/// <summary>
/// What the dashboard's keys do to the engine: the same control requests as `ias run-halt`, and, when no engine is
/// running, a new detached one for a resume. Errors of an engine it started come back from the engine log.
/// </summary>
public sealed class EngineControl(RunPaths paths, TimeProvider clock)
{
    private Process? _started;

    /// <summary>Watches an engine started before the dashboard opened, so its start-up failure shows on screen.</summary>
    public void Watch(Process engine) => _started = engine;

    public string Apply(DashboardEffect effect)
    {
        var alive = EngineLock.IsHeld(paths.EngineLock, out var holder);
        switch (effect)
        {
            case DashboardEffect.Halt or DashboardEffect.HaltNow when !alive:
                return "no engine is running: nothing to halt";
            case DashboardEffect.Halt or DashboardEffect.HaltNow:
                Request(ControlKind.Halt, effect == DashboardEffect.HaltNow);
                return effect == DashboardEffect.HaltNow ? "forced halt sent: the agent stops now" : "halt sent: the engine stops after this phase";
            case DashboardEffect.Resume or DashboardEffect.ResumeResetIce when alive:
                Request(ControlKind.Resume, false);
                return $"engine ({holder}) is running: resume sent (takes back a pending halt)";
            case DashboardEffect.Resume or DashboardEffect.ResumeResetIce:
                _started?.Dispose();
                _started = EngineLauncher.Start(paths, effect == DashboardEffect.ResumeResetIce ? ["run-resume", "--reset-ice"] : ["run-resume"]);
                return $"resuming in a new engine (pid {_started.Id})";
            default:
                return "";
        }
    }

    /// <summary>The last line of the engine log when an engine this dashboard started has failed; otherwise null.</summary>
    public string? Failure()
    {
        if (_started is not { HasExited: true } p)
        {
            return null;
        }

        var code = p.ExitCode;
        p.Dispose();
        _started = null;
        if (code != 2 || !File.Exists(paths.EngineLog))
        {
            return null;
        }

        return File.ReadLines(paths.EngineLog).LastOrDefault(l => l.Trim().Length > 0);
    }

    private void Request(ControlKind kind, bool force)
    {
        using var store = RunStore.Open(paths.Database);
        store.RequestControl(kind, clock.GetUtcNow(), force ? "halted from the dashboard (force)" : kind == ControlKind.Halt ? "halted from the dashboard" : null, force);
    }
}
