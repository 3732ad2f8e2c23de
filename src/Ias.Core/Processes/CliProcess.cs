using System.ComponentModel;
using CliWrap;

namespace Ias.Core.Processes;

/// <summary>Runs a command-line tool to completion with its output captured, stdin closed and a time limit.</summary>
internal static class CliProcess
{
    /// <summary>Whatever the tool said and its exit code, never an exception for a non-zero exit; <see cref="CliProcessException"/> when it cannot start or outruns <paramref name="timeout"/>.</summary>
    /// <remarks>
    /// <paramref name="env"/> is laid over this process's environment, or is the whole of it when <paramref name="inherit"/>
    /// is false. Each stream keeps its first <paramref name="keep"/> bytes and says how much more it let go; null keeps all of
    /// it, for output the caller must read whole (git's lists and diffs, where a cut would be a wrong answer).
    /// </remarks>
    public static CliResult Run(string executable, string cwd, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, TimeSpan timeout, string displayName, bool inherit = true, int? keep = null) =>
        Capture(executable, cwd, args, env, timeout, displayName, inherit, keep).Result;

    /// <summary>As <see cref="Run"/>, with <paramref name="input"/> on stdin and stdout's kept bytes as they came (a patch, a blob).</summary>
    public static CapturedRun Capture(string executable, string cwd, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env, TimeSpan timeout, string displayName, bool inherit = true, int? keep = null, byte[]? input = null)
    {
        // The engine's own tools by bare name are never looked up on PATH as it is now: only where no agent can write.
        if (EngineTools.Names.Contains(executable))
        {
            executable = EngineTools.Locate(executable)
                ?? throw new CliProcessException(executable, EngineTools.Missing(executable), timedOut: false, new FileNotFoundException(executable));
        }

        var command = Cli.Wrap(executable)
            .WithArguments(args)
            .WithWorkingDirectory(cwd)
            .WithEnvironmentVariables(e =>
            {
                // CliWrap removes a variable set to null from what the child inherits.
                foreach (var key in inherit ? [] : Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => !env.ContainsKey(k)))
                {
                    e.Set(key, null);
                }

                foreach (var (key, value) in env)
                {
                    e.Set(key, value);
                }

                // An engine's own tools carry its tag, so the next engine can wait for them if this one is killed.
                if (EngineChildren.Tag is { } tag)
                {
                    e.Set(ProcessFamily.TagVariable, ProcessFamily.TagValue(tag));
                }
            })
            .WithValidation(CommandResultValidation.None);
        var stdout = new BoundedCapture(keep);
        var stderr = new BoundedCapture(keep);
        command = command.WithStandardOutputPipe(stdout).WithStandardErrorPipe(stderr);
        if (input is not null)
        {
            command = command.WithStandardInputPipe(PipeSource.FromBytes(input));
        }

        // At the limit CliWrap kills the tool's whole process tree, as a stuck git must not keep its remote helpers.
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            // Blocking on purpose: the git and gh callers are synchronous, and the tool's own work dwarfs a blocked thread.
            var result = BusyFile.Retry(() => command.ExecuteAsync(limit.Token)).GetAwaiter().GetResult();
            return new CapturedRun(new CliResult(result.ExitCode, stdout.Text(), stderr.Text()) { Cut = stdout.Cut ?? stderr.Cut }, stdout.Bytes(), stdout.Dropped);
        }
        catch (Win32Exception e)
        {
            // CliWrap wraps the system's reason in a sentence of its own; the system's is the one a user can act on.
            var cause = e.InnerException ?? e;
            throw new CliProcessException(args.FirstOrDefault() ?? "", $"could not start {displayName} ({cause.Message}); is it installed and on PATH?", timedOut: false, cause);
        }
        catch (Exception e) when (limit.IsCancellationRequested && e is OperationCanceledException or TimeoutException)
        {
            throw new CliProcessException(string.Join(' ', args), $"timed out after {timeout.TotalSeconds:0}s", timedOut: true, e);
        }
    }
}

/// <summary>A finished run, with stdout's kept bytes untouched by any decoding and how many bytes past the limit were let go.</summary>
internal sealed record CapturedRun(CliResult Result, byte[] Stdout, long StdoutDropped);
