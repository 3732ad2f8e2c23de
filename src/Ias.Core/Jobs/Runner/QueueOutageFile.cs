using System.Text.Json;
using System.Text.Json.Nodes;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Runner;

/// <summary>
/// `.run/queue/RUN.outage.json`, there only while the run's runner has lost its database: since when, why, and when it gives
/// up. Beside the lock and outside the database, since the database is what cannot be reached; the dashboard and
/// `ias status` read it to say so.
/// </summary>
public static class QueueOutageFile
{
    // The runner writes a few short fields: anything bigger is not its file.
    private const long MaxBytes = 16 * 1024;

    /// <summary>Writes what the runner now knows of its outage; a lost or given-up database is written, one that is back removed.</summary>
    public static void Write(QueuePaths paths, QueueOutageChange change)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(change);
        if (change.Kind == QueueOutageKind.Back)
        {
            File.Delete(paths.Outage);
            return;
        }

        var json = new JsonObject
        {
            ["state"] = change.Kind == QueueOutageKind.Lost ? "lost" : "gave_up",
            ["since"] = IsoTime.ForFile(change.Since),
            [change.Kind == QueueOutageKind.Lost ? "gives_up_at" : "gave_up_at"] = IsoTime.ForFile(change.At),
            ["cause"] = change.Cause,
        };
        OwnerOnly.CreateFolder(Path.GetDirectoryName(paths.Outage)!);
        AtomicFile.Write(paths.Outage, json.ToJsonString() + "\n", OwnerOnly.PrivateMode, durable: false);
    }

    /// <summary>The runner's outage as its file says, or null when it has none (or the file cannot be read).</summary>
    public static QueueOutageChange? Read(QueuePaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (AgentFile.Read(paths.Outage, MaxBytes).Bytes is not { } bytes)
        {
            return null;
        }

        try
        {
            var json = JsonNode.Parse(bytes);
            var lost = json?["state"]?.GetValue<string>() == "lost";
            return IsoTime.TryParse(json?["since"]?.GetValue<string>(), out var since)
                && IsoTime.TryParse(json?[lost ? "gives_up_at" : "gave_up_at"]?.GetValue<string>(), out var at)
                ? new QueueOutageChange(lost ? QueueOutageKind.Lost : QueueOutageKind.GaveUp, since, at, json?["cause"]?.GetValue<string>() ?? "")
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The outage in one line, as the dashboard's footer and `ias status` say it.</summary>
    public static string Describe(QueueOutageChange outage)
    {
        ArgumentNullException.ThrowIfNull(outage);
        return outage.Kind == QueueOutageKind.Lost
            ? $"the runner lost its database at {outage.Since:u} ({outage.Cause}); it keeps its job's work and tries again until {outage.At:u}"
            : $"the runner gave up on its database at {outage.At:u} ({outage.Cause}); start it again once the database is back";
    }
}
