using System.Runtime.InteropServices;

namespace Ias.Core.Storage;

/// <summary>
/// What .NET does not say of a file: its type, link count and owner, by statx(2), whose layout is the same on every Linux
/// architecture. Asked of a path (a link itself, not what it names) or of an open descriptor (what was opened is what is checked).
/// </summary>
internal static class FileStat
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint Wanted = 0x1 | 0x2 | 0x4 | 0x8 | 0x200; // type, mode, nlink, uid, size
    private const uint BlocksWanted = 0x1 | 0x400; // type, blocks
    private const int TypeMask = 0xF000;

    /// <summary>This process's effective user id.</summary>
    public static uint Me { get; } = OperatingSystem.IsLinux() ? SystemGeteuid() : 0;

    /// <summary>What <paramref name="path"/> itself is (a link is not followed), or null when it cannot be looked at.</summary>
    public static Info? Of(string path) => OperatingSystem.IsLinux() ? Read(AtFdCwd, path, AtSymlinkNoFollow) : null;

    /// <summary>What the open descriptor <paramref name="fd"/> is, or null when it cannot be looked at.</summary>
    public static Info? Of(int fd) => OperatingSystem.IsLinux() ? Read(fd, "", AtEmptyPath) : null;

    /// <summary>The owner's user id of <paramref name="path"/> (links followed), or null when it cannot be read.</summary>
    public static uint? Owner(string path) => OperatingSystem.IsLinux() ? Read(AtFdCwd, path, 0)?.Uid : null;

    /// <summary>The disk <paramref name="path"/> itself takes (a link's own, not what it names) in bytes, and whether it is a real folder; 0 when it cannot be looked at.</summary>
    /// <remarks>A sparse file counts what it holds, not the size it says.</remarks>
    public static long Allocated(string path, out bool folder)
    {
        // struct statx: stx_mode at 28, stx_blocks (512-byte units, whatever the file system's block size) at 48.
        var buffer = new byte[256];
        var read = OperatingSystem.IsLinux() && SystemStatx(AtFdCwd, path, AtSymlinkNoFollow, BlocksWanted, buffer) == 0;
        folder = read && (BitConverter.ToUInt16(buffer, 28) & TypeMask) == 0x4000;
        return read ? BitConverter.ToInt64(buffer, 48) * 512 : 0;
    }

    /// <summary>Whether <paramref name="path"/> itself (not what a link names) is a socket.</summary>
    public static bool IsSocket(string path) => Of(path) is { Type: 0xC000 };

    private static Info? Read(int dirFd, string path, int flags)
    {
        // struct statx: stx_nlink at 16, stx_uid at 20, stx_mode at 28, stx_size at 40.
        var buffer = new byte[256];
        return SystemStatx(dirFd, path, flags, Wanted, buffer) == 0
            ? new Info(BitConverter.ToUInt16(buffer, 28) & TypeMask, BitConverter.ToInt64(buffer, 40), BitConverter.ToUInt32(buffer, 16), BitConverter.ToUInt32(buffer, 20))
            : null;
    }

    /// <summary>The file's type bits (S_IFMT of its mode), size in bytes, number of hard links and owner.</summary>
    public readonly record struct Info(int Type, long Size, uint Links, uint Uid)
    {
        public bool IsRegularFile => Type == 0x8000;
    }

    // DllImport rather than LibraryImport: the generated marshaller needs unsafe code, which the build does not allow.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int SystemStatx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint SystemGeteuid();
}
