using System.Diagnostics;
using Ias.Core.Control;
using Ias.Core.Storage;

namespace Ias.Tui.Commands;

/// <summary>
/// Starts an engine (`ias run … --headless`, `ias run-resume --headless`) in its own session with its output in
/// `.run/engine.log`, so closing the terminal or dropping the SSH connection never stops it.
/// </summary>
public sealed class EngineLauncher : IEngineStarter
{
    private EngineLauncher()
    {
    }

    /// <summary>The starter the engine client uses for a resume with no engine alive (the dashboard's r and R, `ias run-resume`).</summary>
    public static EngineLauncher Detached { get; } = new();

    /// <summary>True when a person is at a terminal: the dashboard, rather than plain progress lines.</summary>
    public static bool Interactive =>
        !Console.IsInputRedirected && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "" or "dumb");

    public static Process Start(RunPaths paths, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        paths.EnsureCreated();
        OwnerOnly.Touch(paths.EngineLog); // the shell's `>>` below keeps the mode of a file that exists
        var self = EngineHost.SelfLaunch();
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = paths.RepoRoot };

        // sh redirects and then becomes `setsid ias …`: a new session, no terminal, output appended to the log.
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec setsid \"$@\" </dev/null >>\"$IAS_ENGINE_LOG\" 2>&1");
        psi.ArgumentList.Add("ias-engine");
        psi.ArgumentList.Add(self.FileName);
        foreach (var a in self.Args.Concat(args).Append("--headless").Append("--repo").Append(paths.RepoRoot))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["IAS_ENGINE_LOG"] = paths.EngineLog;

        // The engine holds the user's credentials: no diagnostics socket in TMPDIR through which another process reads them.
        psi.Environment["DOTNET_EnableDiagnostics"] = "0";
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        return Process.Start(psi) ?? throw new InvalidOperationException("could not start the engine process");
    }

    /// <summary>`ias run-resume` with the request's flags, in a new detached engine.</summary>
    public Process Start(RunPaths paths, ResumeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<string> args = ["run-resume"];
        if (request.ResetIce)
        {
            args.Add("--reset-ice");
        }

        if (request.Force)
        {
            args.Add("--force");
        }

        if (request.NoSandbox)
        {
            args.Add("--no-sandbox");
        }

        return Start(paths, args);
    }
}
