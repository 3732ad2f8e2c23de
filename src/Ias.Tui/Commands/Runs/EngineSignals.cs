using System.Runtime.InteropServices;
using Ias.Core.Control;
using Ias.Core.Storage;

namespace Ias.Tui.Commands.Runs;

/// <summary>Turns SIGTERM, SIGHUP and SIGINT to an engine into a forced halt, so the agent is stopped and the run stays resumable; a second signal ends the process at once.</summary>
public sealed class EngineSignals : IDisposable
{
    private readonly EngineClient _engine;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received;

    private EngineSignals(RunPaths paths)
    {
        _engine = new EngineClient(paths, TimeProvider.System);
        foreach (var (signal, name) in new[] { (PosixSignal.SIGTERM, "SIGTERM"), (PosixSignal.SIGHUP, "SIGHUP"), (PosixSignal.SIGINT, "SIGINT") })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context => OnSignal(context, name)));
        }
    }

    /// <summary>Watches the signals while an engine works on the run in <paramref name="paths"/>.</summary>
    public static EngineSignals HaltOn(RunPaths paths) => new(paths);

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context, string name)
    {
        // A second signal means "now": the default action ends the process, and the next resume cleans up.
        if (Interlocked.Increment(ref _received) > 1)
        {
            return;
        }

        // Without this, the process would die mid-phase and leave the agent's process group running until a resume.
        // With no run database yet there is nothing to halt, and the default action ends the process.
        context.Cancel = _engine.HaltSelf($"stopped by {name}");
    }
}
