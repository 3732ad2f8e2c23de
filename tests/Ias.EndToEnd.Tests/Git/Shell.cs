using System.Diagnostics;

namespace Ias.EndToEnd.Tests.Git;

/// <summary>Runs programs and `sh -c` lines the way an agent's tool calls would, with a chosen environment.</summary>
internal static class Shell
{
    public static Task<(int Code, string Out, string Err)> ShAsync(string cwd, string script, IReadOnlyDictionary<string, string>? env = null) =>
        RunAsync(cwd, "/bin/sh", ["-c", script], env);

    public static async Task<(int Code, string Out, string Err)> RunAsync(string cwd, string file, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = cwd,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (p.ExitCode, await stdout, await stderr);
    }

    /// <summary>git in <paramref name="cwd"/>; throws with git's message when it fails.</summary>
    public static async Task<string> GitAsync(string cwd, params string[] args)
    {
        var r = await RunAsync(cwd, "git", args);
        return r.Code == 0 ? r.Out : throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {r.Err}");
    }
}
