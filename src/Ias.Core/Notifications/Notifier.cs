using Ias.Core.Config;
using Ias.Core.Processes;

namespace Ias.Core.Notifications;

/// <summary>
/// Tells a person about a gate. Every notification is recorded at once (the run's event log, which the dashboard reads for
/// its bell and desktop notifications); what goes out to the channels here (the hook, a headless terminal) is coalesced,
/// so a burst is one notification naming its count. Sending never blocks and never fails the caller: the hook runs in the
/// background, one notification after another in the order they went out, and its first failure is reported once through <paramref name="failed"/>, with the notification it failed to send.
/// </summary>
public sealed class Notifier(
    NotifyConfig config,
    DataPolicy policy,
    string workingDirectory,
    TimeProvider clock,
    Action<Notification> recorded,
    Action<Notification, string> failed) : IAsyncDisposable
{
    /// <summary>How long after one notification the next ones are held and coalesced.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private readonly NotificationCoalescer _coalescer = new(clock, Window);
    private readonly HookChannel? _hook = config.Command is { } command ? new HookChannel(command, workingDirectory, policy, new ProcessRunner(clock)) : null;
    private readonly Lock _gate = new();
    private readonly List<Task> _pending = [];
    private Task _last = Task.CompletedTask;
    private ITimer? _timer;
    private int _failedOnce;

    /// <summary>Told each coalesced notification as it goes out, beside the hook: a headless run's terminal.</summary>
    public Action<Notification>? Deliver { get; init; }

    /// <summary>Records <paramref name="notification"/> and sends it, or holds it for the burst it belongs to.</summary>
    public void Send(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        recorded(notification);
        if (_coalescer.Offer(notification) is { } now)
        {
            Dispatch(now);
        }

        if (_coalescer.DueIn() is { } wait)
        {
            lock (_gate)
            {
                _timer ??= clock.CreateTimer(_ => OnWindowEnd(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Sends what the last window held and waits (up to the hook's limit) for the hooks still running: the end of an engine.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }

        if (_coalescer.Flush() is { } held)
        {
            Dispatch(held);
        }

        lock (_gate)
        {
            pending = [.. _pending];
        }

        // Real time, whatever the engine's clock: this only bounds how long a finished engine waits to exit.
        await Task.WhenAny(Task.WhenAll(pending), Task.Delay(HookChannel.Limit + TimeSpan.FromSeconds(5), TimeProvider.System)).ConfigureAwait(false);
    }

    private void OnWindowEnd()
    {
        if (_coalescer.Due() is { } digest)
        {
            Dispatch(digest);
        }
    }

    private void Dispatch(Notification n)
    {
        Deliver?.Invoke(n);
        if (_hook is null)
        {
            return;
        }

        lock (_gate)
        {
            // Each hook waits for the one before it: run side by side, a "completed" could reach the person before the
            // "pr_opened" it follows.
            var previous = _last;
            _last = Task.Run(async () =>
            {
                await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (await _hook.SendAsync(n, CancellationToken.None).ConfigureAwait(false) is { } problem && Interlocked.Exchange(ref _failedOnce, 1) == 0)
                {
                    failed(n, problem);
                }
            });
            _pending.RemoveAll(t => t.IsCompleted);
            _pending.Add(_last);
        }
    }
}
