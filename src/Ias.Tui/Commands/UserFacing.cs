using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Git;
using Ias.Core.Jobs.Records;
using Ias.Core.StateMachines;
using Ias.Core.Storage;
using Ias.Tui.Theming;

namespace Ias.Tui.Commands;

/// <summary>Which exceptions are a user's to act on, and their one-line message.</summary>
public static class UserFacing
{
    public static string? Message(Exception ex) => ex switch
    {
        RunModeException or QueueException or ConfigException or StateFileException or GitException or InvalidTransitionException or ThemeException => ShortText.OneLine(ex.Message),

        // ias's own readers throw it for a file a person can fix (a simulated agent's scenario, a plan's state file), naming it.
        InvalidDataException => ShortText.OneLine(ex.Message),

        // A full disk met by a write no store wraps (a job log, a prompt file): .NET names the file in its message.
        IOException when DiskFaults.IsDiskFull(ex) => DiskFaults.DiskFullMessage(DiskFaults.PathIn(ex.Message) ?? "a file under .run/"),
        // `.run/` made read-only under a running command (chmod, a remount): the read-only line, never "a bug in ias".
        IOException { HResult: ReadOnlyFileSystem } when RunDirIn(ex.Message) is { } dir => DiskFaults.ReadOnlyMessage(dir, "a read-only file system"),
        UnauthorizedAccessException when RunDirIn(ex.Message) is { } dir => DiskFaults.ReadOnlyMessage(dir, "no permission to write in it"),
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException => ShortText.OneLine(ex.Message),
        _ => null,
    };

    // EROFS, as .NET puts it in IOException.HResult on Unix.
    private const int ReadOnlyFileSystem = 30;

    /// <summary>The `.run/` folder a .NET I/O message names a path in, or null when it names none there.</summary>
    private static string? RunDirIn(string message) =>
        DiskFaults.PathIn(message) is { } path && path.IndexOf("/.run/", StringComparison.Ordinal) is var at and >= 0 ? path[..(at + 5)] : null;
}
