using System.Globalization;
using System.Runtime.InteropServices;

namespace Ias.Core.Processes;

/// <summary>
/// Puts SIGCHLD back to its default action when ias was started with it ignored (bash's `trap '' CHLD` passes the ignore on
/// to every program it starts). .NET reads the disposition once, as it starts: with SIGCHLD ignored the kernel reaps every
/// child itself and no wait for one ever ends, so ias would hang silently on its first git call. Only a fresh start of the
/// same program with the default disposition cures it, so that is what happens.
/// </summary>
public static class ChildSignal
{
    private const int SigChld = 17; // the same number on every Linux architecture .NET runs on
    private const string Marker = "IAS_CHILD_SIGNAL_RESET";

    /// <summary>Starts this same program again in place when SIGCHLD was inherited ignored; returns only when it was not (or a restart is not possible), with the line to print then.</summary>
    public static string? RestartIfIgnored()
    {
        if (!OperatingSystem.IsLinux() || !IgnoredIn(SafeRead("/proc/self/status")))
        {
            return null;
        }

        // A second start that still finds it ignored (a kernel or sandbox that will not reset it) must not loop.
        if (Environment.GetEnvironmentVariable(Marker) is not null)
        {
            return "ias: SIGCHLD is ignored and could not be reset, so ias would never see its git and agent processes end; start ias from a shell without `trap '' CHLD`";
        }

        var argv = SafeRead("/proc/self/cmdline")?.Split('\0', StringSplitOptions.None) is { Length: > 1 } parts ? parts[..^1] : null;
        if (argv is null)
        {
            return "ias: SIGCHLD is ignored and /proc/self/cmdline is unreadable, so ias cannot restart itself with it reset; start ias from a shell without `trap '' CHLD`";
        }

        Environment.SetEnvironmentVariable(Marker, "1");
        SystemSignal(SigChld, IntPtr.Zero);
        var errno = ProcessImage.Replace("/proc/self/exe", argv);
        return $"ias: SIGCHLD is ignored and ias could not restart itself with it reset (execv: errno {errno}); start ias from a shell without `trap '' CHLD`";
    }

    /// <summary>True when the SigIgn mask of a /proc status text has SIGCHLD's bit set.</summary>
    public static bool IgnoredIn(string? procStatus)
    {
        var line = procStatus?.Split('\n').FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
            && (mask & (1UL << (SigChld - 1))) != 0;
    }

    private static string? SafeRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // DllImport rather than LibraryImport: the generated marshaller needs unsafe code, which the build does not allow.
    [DllImport("libc", EntryPoint = "signal", SetLastError = true)]
    private static extern IntPtr SystemSignal(int signal, IntPtr handler);
}
