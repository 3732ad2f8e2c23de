using System.Text.Json;
using System.Text.Json.Nodes;
using Ias.Core.Config;
using Ias.Core.Storage;

namespace Ias.Core.Jobs.Records;

/// <summary>
/// Whether a run's runner is there, one rule for every store: a runner not heard from for longer than a lease is lost
/// (killed, frozen by SIGSTOP, its machine gone), as its job's lease has run out by then. A live runner writes its row with
/// each heartbeat and every third of a lease while it waits. On a checkout's own queue the runner also holds the run's
/// lock, which a frozen process keeps: only the heartbeat tells it from a working one.
/// </summary>
public static class RunnerLiveness
{
    /// <summary>Whether a runner that said <paramref name="status"/> at <paramref name="heard"/> is lost at <paramref name="now"/>.</summary>
    public static bool IsLost(RunnerStatus status, DateTimeOffset heard, TimeSpan lease, DateTimeOffset now) =>
        status != RunnerStatus.Stopped && now - heard > lease;

    /// <summary>
    /// A checkout's own runner: whether it holds the run's lock and was heard from within a lease (alive), who holds the lock,
    /// and whether it holds the lock but is lost.
    /// </summary>
    public static (bool Alive, string? Holder, bool Lost) Own(QueuePaths paths, QueueRun run, TimeSpan lease, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(run);
        if (!EngineLock.IsHeld(paths.Lock, out var holder))
        {
            return (false, holder, false);
        }

        var lost = IsLost(run.RunnerStatus, run.Updated, lease, now);
        return (!lost, holder, lost);
    }

    /// <summary>The lease the run's runner works with, as its runner/config.json says; the default lease without one.</summary>
    public static TimeSpan LeaseOf(QueuePaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        try
        {
            if (AgentFile.Read(paths.ConfigJson, 64 * 1024).Bytes is { } bytes && JsonNode.Parse(bytes)?["lease_minutes"]?.GetValue<double>() is > 0 and var minutes)
            {
                return TimeSpan.FromMinutes(minutes);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
        }

        return QueueConfig.Defaults.Lease;
    }
}
