using Ias.Core.Config;
using Ias.Core.Cycles.Records;
using Ias.Core.Notifications;

namespace Ias.Core.Cycles.Live;

/// <summary>
/// The notifier of an engine or a queue's runner: each notification is recorded as a `notify` event of the run it names, where
/// a dashboard in another process reads it, and the hook's first failure as one `notify-failed` event.
/// </summary>
public static class EventNotifier
{
    /// <summary>A notifier that records in <paramref name="runs"/>; <paramref name="deliver"/> is told what goes out.</summary>
    public static Notifier Open(LoaConfig config, string repoRoot, TimeProvider clock, RunRecords runs, Action<Notification>? deliver = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(runs);
        return new Notifier(
            config.Notify, config.DataPolicy, repoRoot, clock,
            n => runs.AddEvent(n.Run, n.Time, NotificationEvents.Kind, NotificationEvents.Message(n)),
            (n, problem) => runs.AddEvent(n.Run, clock.GetUtcNow(), NotificationEvents.Failed, problem))
        {
            Deliver = deliver,
        };
    }
}
