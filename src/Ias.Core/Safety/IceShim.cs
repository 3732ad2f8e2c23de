using Ias.Core.Processes;
using Ias.Core.Storage;

namespace Ias.Core.Safety;

/// <summary>
/// ICE below the agent: `git` and `gh` scripts in `.run/ice/bin/`, put first on the agent's PATH, that hand every
/// call to `ias ice-git`. PATH reaches every process the agent starts, so chained shell commands meet the policy too.
/// Beside them an `ias` that opens only `ias ask`, so an agent can ask a person a question.
/// </summary>
public static class IceShim
{
    public const string Marker = "# ias-ice-shim";

    /// <summary>The one ias command an agent may run, to ask a person a question: `ias ask "QUESTION"`.</summary>
    public const string AskCommand = "ias";

    public static string BinDir(RunPaths paths) => Path.Combine(paths.RunDir, "ice", "bin");

    /// <summary>Writes the scripts, which start ias as <paramref name="ias"/> says (program, then its leading arguments), again so a shim the agent removed comes back; `gh` only when a real gh is installed.</summary>
    public static void Write(RunPaths paths, IReadOnlyList<string> ias, string searchPath)
    {
        var bin = BinDir(paths);
        OwnerOnly.CreateFolder(bin);
        var log = IceLog.PathFor(paths);
        WriteScript(Path.Combine(bin, "git"), ias, bin, log, gh: false);
        WriteAskScript(Path.Combine(bin, AskCommand), ias);
        var gh = Path.Combine(bin, "gh");
        if (FindReal("gh", searchPath, bin) is not null)
        {
            WriteScript(gh, ias, bin, log, gh: true);
        }
        else if (File.Exists(gh))
        {
            File.Delete(gh);
        }
    }

    /// <summary>Removes the shim directory when the run ends.</summary>
    public static void Remove(RunPaths paths)
    {
        var dir = Path.GetDirectoryName(BinDir(paths))!;
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The PATH an agent gets: the shim directory first, then <paramref name="path"/> without it.</summary>
    public static string AgentPath(RunPaths paths, string path)
    {
        var bin = BinDir(paths);
        return string.Join(':', new[] { bin }.Concat(path.Split(':', StringSplitOptions.RemoveEmptyEntries).Where(d => !SameDir(d, bin))));
    }

    /// <summary>The first <paramref name="tool"/> on <paramref name="searchPath"/> that is not in the shim directory and not a shim.</summary>
    public static string? FindReal(string tool, string searchPath, string shimDir)
    {
        foreach (var dir in searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (SameDir(dir, shimDir))
            {
                continue;
            }

            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate) && IsExecutable(candidate) && !IsShim(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static void WriteScript(string path, IReadOnlyList<string> ias, string bin, string log, bool gh)
    {
        var command = string.Join(' ', ias.Append("ice-git").Select(ShellWords.Quote));
        var logLine = "log=${IAS_ICE_LOG:-" + ShellWords.Quote(log) + "}";
        var script = $"""
            #!/bin/sh
            {Marker}: written by ias for a Run Mode run and removed when it ends (ICE).
            # Every {(gh ? "gh" : "git")} call from the agent passes Run Mode's policy, then runs the real {(gh ? "gh" : "git")} or exits 1 with the reason.
            # IAS_ICE_LOG names the turn's own log when the agent runs in the box, where .run/ is read-only.
            {logLine}
            exec {command}{(gh ? " --gh" : "")} --shim-dir {ShellWords.Quote(bin)} --log "$log" -- "$@"

            """;
        // A program of ias's own, under .run: the owner's alone (rwx------), from the moment it is created. Each writer has
        // its own temp file: engines at work side by side write the same scripts at once, and each rename is whole.
        var tmp = TempFor(path);
        WriteProgram(tmp, script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tmp, OwnerOnly.FolderMode);
        }

        File.Move(tmp, path, overwrite: true);
    }

    private static void WriteAskScript(string path, IReadOnlyList<string> ias)
    {
        var command = string.Join(' ', ias.Append("ask").Select(ShellWords.Quote));
        var script = $"""
            #!/bin/sh
            {Marker}: written by ias for a Run Mode run and removed when it ends.
            # The agent may ask a person a question; no other ias command is open to it (it could halt or answer its own run).
            if [ "$1" = ask ]; then
              shift
              exec {command} "$@"
            fi
            echo 'ias: only `ias ask "QUESTION"` is open to an agent; ask a person when a real ambiguity blocks the work' >&2
            exit 2

            """;
        var tmp = TempFor(path);
        WriteProgram(tmp, script);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tmp, OwnerOnly.FolderMode);
        }

        File.Move(tmp, path, overwrite: true);
    }

    private static string TempFor(string path) => $"{path}.{Guid.NewGuid():N}.tmp";

    /// <summary>Writes a new script that only its owner can read, write and run (0700), replacing a leftover temp file.</summary>
    public static void WriteProgram(string path, string script)
    {
        File.Delete(path);
        using var stream = OwnerOnly.Open(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, OwnerOnly.FolderMode);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(script));
    }

    /// <summary>rwxr-xr-x: the shim and the hook are programs (ias runs where sh does; Windows has no mode bits to set).</summary>
    public static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    private static bool IsShim(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var buffer = new char[256];
            var n = reader.Read(buffer, 0, buffer.Length);
            return new string(buffer, 0, n).Contains(Marker, StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static bool SameDir(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
