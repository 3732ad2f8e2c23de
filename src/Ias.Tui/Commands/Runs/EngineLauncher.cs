using System.Diagnostics;
using Ias.Core.Control;
using Ias.Core.Storage;
using Ias.Tui.Commands.Queue;

namespace Ias.Tui.Commands.Runs;

/// <summary>
/// Starts an engine (`ias run … --headless`, `ias run-resume --headless`) in its own session with its output in
/// `.run/engine.log`, so closing the terminal or dropping the SSH connection never stops it; a queue's detached runner
/// starts the same way (<see cref="RunnerLauncher"/>).
/// </summary>
public sealed class EngineLauncher : IEngineStarter
{
    // Names the log for the shell that starts a detached process, which keeps it for that process to find.
    private const string LogVariable = "IAS_ENGINE_LOG";

    private EngineLauncher()
    {
    }

    /// <summary>The starter the engine client uses for a resume with no engine alive (the dashboard's r and R, `ias run-resume`).</summary>
    public static EngineLauncher Detached { get; } = new();

    /// <summary>True when a person is at a terminal: the dashboard, rather than plain progress lines.</summary>
    public static bool Interactive =>
        !Console.IsInputRedirected && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "" or "dumb");

    /// <summary>Whether this process is one the launcher started with its output appended to <paramref name="log"/>.</summary>
    public static bool LogsTo(string log) => Environment.GetEnvironmentVariable(LogVariable) == log;

    public static Process Start(RunPaths paths, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        paths.EnsureCreated();
        return Launch(paths.RepoRoot, paths.EngineLog, args.Append("--headless"), env);
    }

    /// <summary>
    /// Starts `ias ARGS --repo ROOT` in a session of its own, detached from any terminal, its output appended to
    /// <paramref name="log"/> (created 0600 if missing): an engine, or a queue's runner (`ias run-loop --detach`). With
    /// <paramref name="after"/>, ias starts only once a `sleep` of that long in the new session ended and only if the file
    /// named is still there, so the wait costs no runtime and a checkout removed meanwhile costs none at all; such a
    /// process waits in the log's folder, never in the repository.
    /// </summary>
    public static Process Launch(string repoRoot, string log, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, (TimeSpan Wait, string StillThere)? after = null)
    {
        OwnerOnly.Touch(log); // the shell's `>>` below keeps the mode of a file that exists
        var self = EngineHost.SelfLaunch();
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = after is null ? repoRoot : Path.GetDirectoryName(Path.GetFullPath(log)) };

        // sh redirects and then becomes `setsid ias …`: a new session, no terminal, output appended to the log. sh is no
        // process group leader, so setsid needs no fork and the process started here is the engine itself, pid and all.
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"exec setsid \"$@\" </dev/null >>\"${LogVariable}\" 2>&1");
        psi.ArgumentList.Add("ias-engine");
        if (after is { } delay)
        {
            psi.ArgumentList.Add("/bin/sh");
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("sleep \"$0\" && [ -e \"$1\" ] && shift && exec \"$@\"");
            psi.ArgumentList.Add(((long)Math.Ceiling(delay.Wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            psi.ArgumentList.Add(delay.StillThere);
        }

        psi.ArgumentList.Add(self.FileName);
        foreach (var a in self.Args.Concat(args).Append("--repo").Append(repoRoot))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment[LogVariable] = log;

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

        if (paths.Lane is { } lane)
        {
            args.AddRange(["--run", lane]);
        }

        return Start(paths, args);
    }
}
