using System.Runtime.InteropServices;

namespace Ias.Core.Storage;

/// <summary>
/// open(2), read(2) and close(2) for the readers that must not be .NET's FileStream: an agent's file opened without
/// following a link or waiting on a FIFO (<see cref="AgentFile"/>), and /proc files read by the hundred with no exception
/// for a process that is gone.
/// </summary>
internal static class Libc
{
    public const int ReadOnly = 0;
    public const int NonBlocking = 0x800;
    public const int CloseOnExec = 0x80000;

    /// <summary>O_NOFOLLOW: 0x20000 on x86-64, 0x8000 on arm64 (the generic value).</summary>
    public static int NoFollow => RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86 ? 0x20000 : 0x8000;

    // DllImport rather than LibraryImport: the generated marshaller needs unsafe code, which the build does not allow.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    public static extern nint Read(int fd, ref byte buffer, nint count);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);
}
