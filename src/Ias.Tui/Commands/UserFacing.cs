using Ias.Core.Config;
using Ias.Core.Cycles;
using Ias.Core.Git;
using Ias.Core.Jobs;
using Ias.Core.StateMachines;
using Ias.Core.Storage;
using Ias.Tui.Theming;

namespace Ias.Tui.Commands;

/// <summary>Which exceptions are a user's to act on, and their one-line message.</summary>
public static class UserFacing
{
    public static string? Message(Exception ex) => ex switch
    {
        RunModeException or QueueException or ConfigException or StateFileException or GitException or InvalidTransitionException or ThemeException => OneLine(ex.Message),

        // A full disk met by a write no store wraps (a job log, a prompt file): .NET names the file in its message.
        IOException when DiskFaults.IsDiskFull(ex) => DiskFaults.DiskFullMessage(DiskFaults.PathIn(ex.Message) ?? "a file under .run/"),
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException => OneLine(ex.Message),
        _ => null,
    };

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}
