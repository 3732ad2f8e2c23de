using Ias.Core.Jobs.Attempt;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Notifications;

namespace Ias.Core.Jobs.Runner;

/// <summary>
/// Tells of a runner's outage once each way: a progress line, a notification, and the outage file the dashboard and
/// `ias status` read. A notification the database kept from going out (on SQLite the notifications live in the same file)
/// goes out when it is back.
/// </summary>
internal sealed class QueueOutageReport(QueuePaths paths, JobReporter reporter)
{
    private readonly Lock _gate = new();
    private string? _held;

    public void Tell(QueueOutageChange change)
    {
        lock (_gate)
        {
            Write(change);
            switch (change.Kind)
            {
                case QueueOutageKind.Lost:
                    reporter.Progress($"runner of {paths.Run} lost its database ({change.Cause}): it keeps its job's work and tries again with backoff until {change.At:u} (ias.queue.outage_minutes)");
                    Notify($"runner of {paths.Run} lost its database ({change.Cause}) and tries again until {change.At:u}");
                    break;
                case QueueOutageKind.Back:
                    reporter.Progress($"runner of {paths.Run}: its database is back after {(change.At - change.Since).TotalSeconds:0}s; carrying on");
                    if (_held is { } held)
                    {
                        _held = null;
                        Notify($"{held}; it was back after {(change.At - change.Since).TotalSeconds:0}s");
                    }

                    break;
                default:
                    // The runner's last line says it, and its stop is notified as every stop is.
                    break;
            }
        }
    }

    private void Notify(string summary)
    {
        try
        {
            reporter.Notify(NotificationKind.DatabaseLost, summary);
        }
        catch (Exception e) when (QueueOutage.IsOutage(e) || e is Storage.StateFileException)
        {
            _held = summary;
        }
    }

    // The file is a courtesy to the dashboard: a runner that cannot write it still rides the outage out.
    private void Write(QueueOutageChange change)
    {
        try
        {
            QueueOutageFile.Write(paths, change);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Storage.StateFileException)
        {
        }
    }
}
