using System.Diagnostics;
using Ias.Core.Sandbox;

namespace Ias.Core.Tests.Sandbox;

/// <summary>A box's command run to its end in a test: the lines it printed and its exit code; what it said on stderr is read and let go.</summary>
internal static class BoxProcess
{
    public static (List<string> Lines, int Code) Run(BoxCommand command, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(command.FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in command.Args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var lines = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        p.WaitForExit();
        _ = stderr.Result;
        return (lines, p.ExitCode);
    }
}
