using System.Runtime.InteropServices;

namespace Ias.Core.Processes;

/// <summary>Replaces this process's program in place (execv): same pid, same terminal, none of this runtime's threads left.</summary>
public static class ProcessImage
{
    /// <summary>Runs <paramref name="path"/> with <paramref name="argv"/> (argv[0] first) instead of this program; returns only when that failed, with errno.</summary>
    public static int Replace(string path, IReadOnlyList<string> argv)
    {
        ArgumentNullException.ThrowIfNull(argv);
        SystemExecv(path, [.. argv, null]);
        return Marshal.GetLastPInvokeError();
    }

    // DllImport rather than LibraryImport: the generated marshaller needs unsafe code, which the build does not allow.
    [DllImport("libc", EntryPoint = "execv", SetLastError = true)]
    private static extern int SystemExecv(
        [MarshalAs(UnmanagedType.LPStr)] string path,
        [MarshalAs(UnmanagedType.LPArray, ArraySubType = UnmanagedType.LPStr)] string?[] argv);
}
