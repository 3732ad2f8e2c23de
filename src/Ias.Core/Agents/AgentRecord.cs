using System.Globalization;
using Ias.Core.Processes;
using Ias.Core.Storage;

namespace Ias.Core.Agents;

/// <summary>
/// Remembers the running agent's process group in `.run/agent.pid`, so that after the engine itself was killed
/// the next engine can stop the orphaned agent before starting another one on the same files.
/// </summary>
/// <remarks>The process's start time (from /proc) is kept beside its id, so a reused pid is never signalled.</remarks>
public sealed class AgentRecord(string path)
{
    public void Started(int groupId)
    {
        var start = StartTime(groupId);
        OwnerOnly.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"{groupId} {start}\n"));
    }

    public void Ended()
    {
        File.Delete(path);
    }

    /// <summary>Kills the recorded agent's group if that very process is still alive; returns its id, or null when nothing was left.</summary>
    public async Task<int?> KillOrphanAsync(TimeSpan grace, CancellationToken ct = default)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var parts = (await File.ReadAllTextAsync(path, ct)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        File.Delete(path);
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var group) || group <= 1
            || StartTime(group) is not { } start || start != parts[1])
        {
            return null;
        }

        PosixSignals.SignalGroup(group, PosixSignals.Terminate);
        var deadline = DateTime.UtcNow + grace;
        while (PosixSignals.GroupExists(group) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, ct);
        }

        PosixSignals.SignalGroup(group, PosixSignals.Kill);
        return group;
    }

    // Field 22 of /proc/PID/stat, after the parenthesised command name (which may itself hold spaces).
    private static string? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? fields[19] : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
