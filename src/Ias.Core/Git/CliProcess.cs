using System.Diagnostics;
using System.Text;

namespace Ias.Core.Git;

/// <summary>Runs a command-line tool to completion with its output captured, stdin closed and a time limit.</summary>
internal static class CliProcess
{
    public static GitResult Run(string executable, string cwd, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, TimeSpan timeout, string displayName)
    {
        var psi = new ProcessStartInfo(executable)
        {
            WorkingDirectory = cwd,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new GitException(args.FirstOrDefault() ?? "", $"could not start {displayName}; is it installed and on PATH?");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new GitException(args.FirstOrDefault() ?? "", $"could not start {displayName} ({e.Message}); is it installed and on PATH?");
        }

        using (p)
        {
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                p.Kill(entireProcessTree: true);
                throw new GitException(string.Join(' ', args), $"timed out after {timeout.TotalSeconds:0}s");
            }

            p.WaitForExit();
            return new GitResult(p.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
