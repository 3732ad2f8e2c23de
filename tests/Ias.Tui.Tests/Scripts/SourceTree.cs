using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Ias.Tui.Tests.Scripts;

/// <summary>The repository these tests were built from, and its scripts run as a person runs them.</summary>
internal static class SourceTree
{
    /// <summary>The repository's top folder, found from this file's own place.</summary>
    public static string Root { get; } = RootOf();

    /// <summary>Runs scripts/<paramref name="script"/> with <paramref name="args"/> in <paramref name="cwd"/> → its exit code, its stdout then stderr.</summary>
    public static async Task<(int Code, string Output)> ScriptAsync(string cwd, string script, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(Root, "scripts", script), args)
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (p.ExitCode, await output + await error);
    }

    private static string RootOf([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));
}
