using System.Globalization;
using Ias.Core.Processes;
using Ias.Core.Storage;

namespace Ias.Core.Agents;

/// <summary>
/// Remembers the running agent's process group in `.run/agent.pid`, so that after the engine itself was killed
/// the next engine can stop the orphaned agent before starting another one on the same files.
/// </summary>
/// <remarks>
/// The line is `group start tag`: the process's start time (from /proc) is kept beside its id, so a reused pid is never
/// signalled, and the tag the agent's whole family carries in its environment finds the descendants that left its group.
/// </remarks>
public sealed class AgentRecord(string path)
{
    public void Started(int groupId, string tag)
    {
        var start = StartTime(groupId);
        try
        {
            // `.run/` may have been removed under a running engine; the record goes back where the next engine looks.
            OwnerOnly.CreateFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
            OwnerOnly.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"{groupId} {start} {tag}\n"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The agent already runs, and its turn stops it whatever happens; only a later engine's clean-up after a kill -9
            // needs the record, and a disk that cannot take it fails the engine's next save with the reason.
        }
    }

    public void Ended()
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // `.run/` went away with the record in it: there is nothing left to forget.
        }
    }

    /// <summary>
    /// Stops what the recorded agent left running: its group if that very process still leads it, and every process that
    /// carries its tag; returns the group's id, or null when nothing was left.
    /// </summary>
    public async Task<int?> KillOrphanAsync(TimeSpan grace, CancellationToken ct = default)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var parts = (await File.ReadAllTextAsync(path, ct)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        File.Delete(path);
        if (parts.Length < 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var group) || group <= 1)
        {
            return null;
        }

        var leads = StartTime(group) is { } start && start == parts[1];
        var family = parts.Length > 2 ? new ProcessFamily(group, parts[2]) : null;
        var members = family?.Members() ?? [];
        if (!leads && members.Count == 0)
        {
            return null;
        }

        Signal(PosixSignals.Terminate);
        var deadline = DateTime.UtcNow + grace;
        while (Alive() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, ct);
        }

        members = family?.Members() ?? [];
        Signal(PosixSignals.Kill);
        return group;

        // The group is signalled only while its leader is the recorded process: a group whose leader died may be a reused id.
        void Signal(int signal)
        {
            if (leads)
            {
                PosixSignals.SignalGroup(group, signal);
            }

            foreach (var pid in members)
            {
                PosixSignals.SignalProcess(pid, signal);
            }
        }

        // A zombie does not count: a container's init may reap it late or never. The killed engine's own git is waited for
        // on its own (EngineChildren).
        bool Alive() => LiveProcesses.Any(leads ? group : 0, members);
    }

    private static string? StartTime(int pid) => ProcessStart.Of(pid);
}
