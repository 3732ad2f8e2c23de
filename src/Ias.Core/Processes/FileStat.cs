using System.Runtime.InteropServices;

namespace Ias.Core.Processes;

/// <summary>What .NET does not say of a file: its owner and whether it is a socket. statx(2), whose layout is the same on every Linux architecture.</summary>
internal static class FileStat
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxUid = 0x8;
    private const int UidOffset = 20;
    private const int ModeOffset = 28;
    private const int TypeMask = 0xF000;
    private const int SocketType = 0xC000;

    /// <summary>This process's effective user id.</summary>
    public static uint Me { get; } = OperatingSystem.IsLinux() ? SystemGeteuid() : 0;

    /// <summary>The owner's user id of <paramref name="path"/> (links followed), or null when it cannot be read.</summary>
    public static uint? Owner(string path) =>
        Read(path, 0, StatxUid) is { } buffer ? BitConverter.ToUInt32(buffer, UidOffset) : null;

    /// <summary>Whether <paramref name="path"/> itself (not what a link names) is a socket.</summary>
    public static bool IsSocket(string path) =>
        Read(path, AtSymlinkNoFollow, StatxType) is { } buffer && (BitConverter.ToUInt16(buffer, ModeOffset) & TypeMask) == SocketType;

    private static byte[]? Read(string path, int flags, uint mask)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[256];
        return SystemStatx(AtFdCwd, path, flags, mask, buffer) == 0 ? buffer : null;
    }

    // DllImport rather than LibraryImport: the generated marshaller needs unsafe code, which the build does not allow.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int SystemStatx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint SystemGeteuid();
}
