namespace Ias.Core.Processes;

/// <summary>When a process started, in the kernel's clock ticks since boot: with its pid, a name that no later process can take over.</summary>
public static class ProcessStart
{
    /// <summary>Field 22 of /proc/PID/stat, or null when the process is gone (or there is no /proc).</summary>
    public static string? Of(int pid)
    {
        try
        {
            // The command name in parentheses may itself hold spaces and parentheses, so fields count from the last ')'.
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
