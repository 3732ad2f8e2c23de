namespace Ias.Core.Processes;

/// <summary>Whether processes still run, read from /proc: a zombie, which kill(2) still answers for, does not.</summary>
/// <remarks>
/// An orphan zombie waits for init to reap it, and a container's init may take a second or never come: counted as alive,
/// it would hold every agent turn's end for the whole kill grace.
/// </remarks>
internal static class LiveProcesses
{
    /// <summary>True while a process of group <paramref name="groupId"/> (none when it is 0), or one of <paramref name="pids"/>, still runs.</summary>
    public static bool Any(int groupId, IReadOnlyCollection<int> pids)
    {
        var buffer = new byte[512];
        foreach (var pid in ProcFile.Pids())
        {
            if (Stat(pid, ref buffer) is { } stat && stat.State is not ('Z' or 'X') && ((groupId > 1 && stat.Group == groupId) || pids.Contains(pid)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The state letter and process group of <paramref name="pid"/> from /proc/PID/stat; null when it is gone.</summary>
    internal static (char State, int Group)? Stat(int pid, ref byte[] buffer)
    {
        var length = ProcFile.ReadAll($"/proc/{pid}/stat", ref buffer);

        // The command name in parentheses may hold spaces and parentheses, so fields count from the last ')': state, ppid, pgrp.
        var text = buffer.AsSpan(0, Math.Max(length, 0));
        var close = text.LastIndexOf((byte)')');
        if (close < 0 || text.Length < close + 4)
        {
            return null;
        }

        var fields = System.Text.Encoding.ASCII.GetString(text[(close + 2)..]).Split(' ', 4);
        return fields.Length > 2 && int.TryParse(fields[2], out var group) ? ((char)text[close + 2], group) : null;
    }
}
