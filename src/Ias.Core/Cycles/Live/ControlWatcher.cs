using Ias.Core.Storage;

namespace Ias.Core.Cycles.Live;

/// <summary>
/// Polls control requests (halt, resume) on its own SQLite connection, so `ias run-halt` from another
/// process reaches a busy engine within one poll interval.
/// </summary>
internal sealed class ControlWatcher : IAsyncDisposable
{
    private readonly RunStore _store;
    private readonly TimeProvider _clock;
    private readonly string _owner;
    private readonly string? _lane;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private readonly Lock _polling = new();
    private readonly Action<ControlRequest> _onRequest;
    private CancellationTokenSource _agent = new();

    /// <summary>Watches the requests for the engine of <paramref name="paths"/>' lane.</summary>
    public ControlWatcher(RunPaths paths, TimeProvider clock, string owner, TimeSpan interval, Action<ControlRequest> onRequest)
    {
        _store = RunStore.Open(paths.Database);
        _lane = paths.Lane;
        _clock = clock;
        _owner = owner;
        _onRequest = onRequest;
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                do
                {
                    Poll();
                }
                while (await timer.WaitForNextTickAsync(_stop.Token));
            }
            catch (OperationCanceledException)
            {
            }
            catch (StateFileException)
            {
                // A database that takes no writes (a full disk): the engine's own poll at the next phase boundary meets the
                // same fault and reports it; here, on a background thread, it would only be lost.
            }
        });
    }

    /// <summary>
    /// Takes every request waiting now. The engine calls it at each phase boundary, so a halt asked for during a phase
    /// stops the run after that phase even when it arrived between two of the background polls.
    /// </summary>
    public void Poll()
    {
        lock (_polling)
        {
            while (_store.TakeControl(_owner, _clock.GetUtcNow(), _lane) is { } request)
            {
                Apply(request);
                _onRequest(request);
            }
        }
    }

    /// <summary>Set by a halt request; the reason given with it.</summary>
    public string? HaltReason { get; private set; }

    public bool HaltRequested { get; private set; }

    public bool ForceHalt { get; private set; }

    /// <summary>A token cancelled by `run-halt --force`; a fresh one per agent turn.</summary>
    public CancellationToken NewAgentToken()
    {
        lock (_gate)
        {
            if (_agent.IsCancellationRequested)
            {
                _agent.Dispose();
                _agent = new CancellationTokenSource();
            }

            if (ForceHalt)
            {
                _agent.Cancel();
            }

            return _agent.Token;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.WaitAsync(TimeSpan.FromSeconds(10));
        _store.Dispose();
        _stop.Dispose();
        _agent.Dispose();
    }

    private void Apply(ControlRequest request)
    {
        lock (_gate)
        {
            switch (request.Kind)
            {
                case ControlKind.Halt:
                    HaltRequested = true;
                    HaltReason = request.Reason;
                    if (request.Force)
                    {
                        ForceHalt = true;
                        _agent.Cancel();
                    }

                    break;

                // A resume that arrives while a graceful halt waits for the phase to end takes the halt back.
                case ControlKind.Resume when HaltRequested && !ForceHalt:
                    HaltRequested = false;
                    HaltReason = null;
                    break;
            }
        }
    }
}
