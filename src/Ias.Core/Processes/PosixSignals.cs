using System.Runtime.InteropServices;

namespace Ias.Core.Processes;

/// <summary>Sends POSIX signals to processes and process groups, which System.Diagnostics.Process and CliWrap cannot do.</summary>
internal static class PosixSignals
{
    public const int Probe = 0;
    public const int Kill = 9;
    public const int Terminate = 15;

    /// <summary>Signals every process in group <paramref name="groupId"/>; false when no process is left in it.</summary>
    public static bool SignalGroup(int groupId, int signal) => groupId > 1 && SystemKill(-groupId, signal) == 0;

    /// <summary>Signals one process; false when it is gone.</summary>
    public static bool SignalProcess(int pid, int signal) => pid > 1 && SystemKill(pid, signal) == 0;

    // DllImport rather than LibraryImport: the generated marshaller needs unsafe code, which the build does not allow.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SystemKill(int pid, int signal);
}
