using Ias.Core.Config;
using Ias.Core.Notifications;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Terminal;

namespace Ias.Tui.Dashboard;

/// <summary>
/// The attached dashboard rings its terminal for the gates the engine records (the engine runs in a session of its own,
/// with no terminal), a burst coalesced as the engine coalesces its hook.
/// </summary>
internal sealed class DashboardNotifications(RunPaths paths, TerminalNotifier terminal, TimeProvider clock) : IDisposable
{
    private readonly NotificationFeed _feed = new(paths);
    private readonly NotificationCoalescer _coalescer = new(clock, Notifier.Window);

    /// <summary>Reads what the engine recorded since the last look and shows what is due.</summary>
    public void Poll()
    {
        foreach (var n in _feed.Poll())
        {
            if (_coalescer.Offer(n) is { } now)
            {
                terminal.Show(now);
            }
        }

        if (_coalescer.Due() is { } digest)
        {
            terminal.Show(digest);
        }
    }

    public void Dispose() => _feed.Dispose();

    /// <summary>For a dashboard with <paramref name="config"/>: none when every terminal channel is off.</summary>
    public static DashboardNotifications? Open(RunPaths paths, NotifyConfig config, Stream terminal) =>
        config is { Bell: false, Desktop: false, Tmux: false }
            ? null
            : new DashboardNotifications(paths, TerminalNotifier.For(config, terminal), TimeProvider.System);
}
