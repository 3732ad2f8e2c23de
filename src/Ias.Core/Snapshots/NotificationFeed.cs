using Ias.Core.Cycles.Records;
using Ias.Core.Notifications;
using Ias.Core.Storage;

namespace Ias.Core.Snapshots;

/// <summary>
/// The notifications an engine in another process records in its event log, from the moment the feed first finds the
/// database: a dashboard that attaches late rings for what happens next, not for last night's halts.
/// </summary>
public sealed class NotificationFeed(RunPaths paths) : IDisposable
{
    private RunStore? _store;
    private long _seen;
    private long _version;

    /// <summary>What was recorded since the last look, oldest first.</summary>
    public IReadOnlyList<Notification> Poll()
    {
        if (_store is null)
        {
            if (!File.Exists(paths.Database))
            {
                return [];
            }

            _store = RunStore.Open(paths.Database);
            _version = _store.DataVersion();
            _seen = new RunRecords(_store).LastEventId();
            return [];
        }

        // A dashboard polls all night: while nothing was written, the event log is not read.
        var version = _store.DataVersion();
        if (version == _version)
        {
            return [];
        }

        _version = version;
        var events = new RunRecords(_store).EventsOfKind(NotificationEvents.Kind, _seen);
        if (events.Count > 0)
        {
            _seen = events[^1].Id;
        }

        return [.. events.Select(e => NotificationEvents.Parse(e.RunId, e.At, e.Message)).OfType<Notification>()];
    }

    public void Dispose() => _store?.Dispose();
}
