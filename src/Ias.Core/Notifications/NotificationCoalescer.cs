namespace Ias.Core.Notifications;

/// <summary>
/// Turns a burst into one notification: the first of a quiet spell goes out at once, and what arrives within
/// <paramref name="window"/> of it is held and goes out as one that names the count, when the window ends
/// (<see cref="Due"/>) or with the next one after it.
/// </summary>
public sealed class NotificationCoalescer(TimeProvider clock, TimeSpan window)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _quietFrom = DateTimeOffset.MinValue;
    private Notification? _held;
    private int _heldCount;

    /// <summary>The one to send now, or null when it is held for the burst's digest.</summary>
    public Notification? Offer(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now < _quietFrom)
            {
                _held = notification;
                _heldCount += notification.Count;
                return null;
            }

            _quietFrom = now + window;
            return _held is null ? notification : Digest(notification, _heldCount + notification.Count);
        }
    }

    /// <summary>The digest of what the ended window held; null while the window is open or when it held nothing.</summary>
    public Notification? Due()
    {
        lock (_gate)
        {
            if (_held is not { } last || clock.GetUtcNow() < _quietFrom)
            {
                return null;
            }

            _quietFrom = clock.GetUtcNow() + window;
            return Digest(last, _heldCount);
        }
    }

    /// <summary>Whatever is held, window or not: for the end of a process, which will not see the window close.</summary>
    public Notification? Flush()
    {
        lock (_gate)
        {
            return _held is { } last ? Digest(last, _heldCount) : null;
        }
    }

    /// <summary>How long until <see cref="Due"/> has something; null when nothing is held.</summary>
    public TimeSpan? DueIn()
    {
        lock (_gate)
        {
            return _held is null ? null : _quietFrom - clock.GetUtcNow();
        }
    }

    // The latest moment carries the digest (its kind, state and reason), and the summary says how many it stands for.
    private Notification Digest(Notification last, int count)
    {
        _held = null;
        _heldCount = 0;
        return count == 1 ? last : last with { Count = count, Summary = $"{count} events, the last: {last.Summary}" };
    }
}
