using System.Diagnostics;
using Ias.Core.Control;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Input;

namespace Ias.Tui.Dashboard;

/// <summary>
/// What the dashboard's keys do to the engine: the same requests as `ias run-halt` and `ias run-resume`, through the
/// engine client; a resume with no engine alive starts a detached one. Errors of an engine it started come back from the engine log.
/// </summary>
public sealed class EngineControl(RunPaths paths, TimeProvider clock, IEngineStarter starter)
{
    private readonly EngineClient _engine = new(paths, clock);
    private Process? _started;

    /// <summary>The engine this dashboard started last (or was opened with), watched so a failed start shows on screen.</summary>
    public Process? Started { get => _started; init => _started = value; }

    /// <summary>
    /// Does what the key asked. A resume keeps the box as the run had it (<paramref name="unsandboxed"/>: it was started or
    /// last resumed with --no-sandbox), as `ias run-resume` with the same flag would; the dashboard has no flag to change it.
    /// </summary>
    public string Apply(DashboardCommand request, bool unsandboxed)
    {
        switch (request)
        {
            case DashboardCommand.Halt or DashboardCommand.HaltNow:
                var force = request == DashboardCommand.HaltNow;
                if (!_engine.Halt(force ? "halted from the dashboard (force)" : "halted from the dashboard", force).Sent)
                {
                    return "no engine is running: nothing to halt";
                }

                return force ? "forced halt sent: the agent stops now" : "halt sent: the engine stops after this phase";
            case DashboardCommand.HaltAll:
                var sent = EngineClient.HaltEvery(paths, clock, "halted from the dashboard, with every run at work", force: false).Count;
                return sent == 0 ? "no engine is running: nothing to halt" : $"halt sent to {sent} run(s): each stops after its phase";
            case DashboardCommand.Resume or DashboardCommand.ResumeResetIce:
                var resume = _engine.Resume(new ResumeRequest(ResetIce: request == DashboardCommand.ResumeResetIce, NoSandbox: unsandboxed), starter);
                switch (resume.Result)
                {
                    case ResumeResult.Sent:
                        return $"engine ({resume.Holder}) is running: resume sent (takes back a pending halt)";
                    case ResumeResult.Leaving:
                        return $"engine ({resume.Holder}) stopped the run but has not exited yet: press r again in a moment";
                }

                _started?.Dispose();
                _started = resume.Engine;
                return $"resuming in a new engine (pid {_started!.Id})";
            default:
                return "";
        }
    }

    /// <summary>Once, when the engine this dashboard started last has exited: its exit code and the engine log's last line; otherwise null.</summary>
    public EngineExit? Exited()
    {
        if (_started is not { HasExited: true } p)
        {
            return null;
        }

        var code = p.ExitCode;
        p.Dispose();
        _started = null;
        var last = LogTail.LastLine(paths.EngineLog);
        return new EngineExit(code, last);
    }
}
