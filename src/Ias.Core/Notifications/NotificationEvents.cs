using Ias.Core.StateMachines;

namespace Ias.Core.Notifications;

/// <summary>
/// A notification as one line of a run's event log, `KIND: SUMMARY` under the event kind <see cref="Kind"/>: the engine writes
/// it, and a dashboard in another process reads it back to ring its terminal.
/// </summary>
public static class NotificationEvents
{
    /// <summary>The event kind of a notification.</summary>
    public const string Kind = "notify";

    /// <summary>The event kind of a hook that failed, written once per engine.</summary>
    public const string Failed = "notify-failed";

    public static string Message(Notification n)
    {
        ArgumentNullException.ThrowIfNull(n);
        return $"{n.Event}: {Notification.OneLine(n.Summary)}";
    }

    /// <summary>The notification an event line holds; null when the line is not one.</summary>
    public static Notification? Parse(string run, DateTimeOffset at, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var kind in Enum.GetValues<NotificationKind>())
        {
            var prefix = Name(kind) + ": ";
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                return new Notification(kind, run, at, message[prefix.Length..]);
            }
        }

        return null;
    }

    /// <summary>The kind as the hook and the event log spell it: `halted`, `usage_limit`, `pr_opened`.</summary>
    public static string Name(NotificationKind kind) => WireName.Of(kind).ToLowerInvariant();
}
