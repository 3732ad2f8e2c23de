using System.Diagnostics;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>A fact that watches ias's system calls with strace; skipped, with the reason, where strace is missing or may not trace.</summary>
public sealed class StraceFactAttribute : FactAttribute
{
    public StraceFactAttribute()
    {
        Skip = Missing();
    }

    private static string? Missing()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("strace", ["-f", "-o", "/dev/null", "true"]) { RedirectStandardError = true })!;
            probe.StandardError.ReadToEnd();
            probe.WaitForExit(10_000);
            return probe.ExitCode == 0 ? null : "strace cannot trace here (ptrace is not allowed); install it where it can, e.g. apt-get install strace";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "strace is not installed; apt-get install strace to watch ias's system calls";
        }
    }
}
