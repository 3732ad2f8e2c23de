using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Ias.Core.Processes;
using Ias.Core.Sandbox;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>The real `ias` program, started as a child process exactly as a user would start it.</summary>
public sealed class IasProcess : IAsyncDisposable
{
    // A limit that only a hang reaches: a whole sprint's six turns took over two minutes on 2 cores under a load of 50, and
    // a slow machine must make a test slower, never make it fail. Speed is measured in bench/, not here.
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _pump;

    private IasProcess(Process process)
    {
        _process = process;
        _pump = Task.WhenAll(Pump(process.StandardOutput, _stdout, _lines.Writer), Pump(process.StandardError, _stderr, null))
            .ContinueWith(_ => _lines.Writer.TryComplete(), TaskScheduler.Default);
    }

    public int Pid => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// `env`'s option that gives the signals the tests send their default action back, as a user's terminal gives them: a
    /// test run started in the background by a script inherits SIGINT and SIGQUIT ignored, one started under `nohup` SIGHUP,
    /// and .NET keeps an inherited ignore, so such a signal sent to the engine would never arrive.
    /// </summary>
    public const string DefaultSignals = "--default-signal=HUP,INT,QUIT,TERM";

    /// <summary>Starts `ias ARGS` in <paramref name="cwd"/>, its signals at their default action (<see cref="DefaultSignals"/>); stdin is closed at once (no terminal, as in CI).</summary>
    public static IasProcess Start(string cwd, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        Launch(IasProgram.Default, cwd, env, shellSetup: null, args);

    /// <summary>Starts <paramref name="program"/> (a given build of ias) with ARGS, as <see cref="Start(string, IReadOnlyDictionary{string, string}?, string[])"/> does.</summary>
    public static IasProcess Start(IasProgram program, string cwd, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        Launch(program, cwd, env, shellSetup: null, args);

    /// <summary>
    /// Runs `ias ARGS` to the end from a shell whose umask is <paramref name="umask"/>, so whatever ias does not make
    /// private itself ends up as open as that umask leaves it.
    /// </summary>
    public static Task<(int Code, string Out, string Err)> RunUnderUmaskAsync(string cwd, string umask, params string[] args) =>
        RunFromShellAsync(cwd, $"umask {umask}", args);

    /// <summary>Runs `ias ARGS` to the end from bash after <paramref name="setup"/> (a umask, a trap), which ias inherits.</summary>
    public static async Task<(int Code, string Out, string Err)> RunFromShellAsync(string cwd, string setup, params string[] args)
    {
        await using var ias = Launch(IasProgram.Default, cwd, null, setup, args);
        var code = await ias.ExitAsync(DefaultTimeout);
        return (code, ias.Stdout, ias.Stderr);
    }

    private static IasProcess Launch(IasProgram program, string cwd, IReadOnlyDictionary<string, string>? env, string? shellSetup, string[] args)
    {
        // env (and the shell before it) exec the program in place, so the process's id is the engine's.
        string[] command = [DefaultSignals, .. program.Command, .. args];
        var psi = new ProcessStartInfo(shellSetup is null ? "env" : "bash")
        {
            WorkingDirectory = cwd,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in shellSetup is null ? command : ["-c", $"{shellSetup} && exec \"$@\"", "bash", "env", .. command])
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment[BoxLayout.ShareVariable] = SharedWithBox;
        psi.Environment["XDG_STATE_HOME"] = StateHome.For(cwd);

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        // The engine runs git and gh only from folders no agent can write, and the box shares the tests' temporary root:
        // the harness vouches for the fake tools' folders a test put on PATH there, never one under the test's HOME.
        if (env is not null && env.TryGetValue("PATH", out var path))
        {
            var home = env.TryGetValue("HOME", out var h) ? h : null;
            psi.Environment[EngineTools.TrustVariable] = string.Join(':', path.Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Where(d => d.StartsWith(SharedWithBox + "/", StringComparison.Ordinal) && (home is null || !d.StartsWith(home + "/", StringComparison.Ordinal))));
        }

        var p = Process.Start(psi)!;
        p.StandardInput.Close();
        return new IasProcess(p);
    }

    /// <summary>
    /// The tests' temporary root, shared read-write with the agent's box (whose /tmp is otherwise its own): scenarios, hold
    /// files, fake CLIs and scripts live in folders there, beside the repositories. The box still covers each repository's
    /// .git, .run and config, and every local remote, with read-only mounts of their own.
    /// </summary>
    public static string SharedWithBox { get; } = Path.TrimEndingDirectorySeparator(Path.GetTempPath());

    /// <summary>Runs `ias ARGS` to the end and returns its exit code, stdout and stderr.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(string cwd, params string[] args) =>
        await RunAsync(cwd, null, args);

    public static Task<(int Code, string Out, string Err)> RunAsync(string cwd, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        RunAsync(IasProgram.Default, cwd, env, args);

    /// <summary>Runs <paramref name="program"/> (a given build of ias) with ARGS to the end.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(IasProgram program, string cwd, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        await using var ias = Start(program, cwd, env, args);
        var code = await ias.ExitAsync();
        return (code, ias.Stdout, ias.Stderr);
    }

    /// <summary>Waits for a stdout line containing <paramref name="text"/>: the program's own signal, no guessing at time.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cts.Token))
            {
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new TimeoutException($"no line with \"{text}\"; stdout:\n{Stdout}\nstderr:\n{Stderr}");
    }

    /// <summary>
    /// Waits until the program has printed <paramref name="count"/> more stdout lines, each a moment something happened in
    /// it; false when its output ended first (it is exiting).
    /// </summary>
    public async Task<bool> NextLinesAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            for (var seen = 0; seen < count; seen++)
            {
                if (!await _lines.Reader.WaitToReadAsync(cts.Token) || !_lines.Reader.TryRead(out _))
                {
                    return false;
                }
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"fewer than {count} more lines; stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
    }

    /// <summary>The program's next stdout line, each a moment something happened in it; null when its output ended (it is exiting).</summary>
    /// <remarks>Pass <see cref="Timeout.InfiniteTimeSpan"/> to wait as long as the program lives: one stopped with SIGSTOP says nothing.</remarks>
    public async Task<string?> NextLineAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(cts.Token))
            {
                if (_lines.Reader.TryRead(out var line))
                {
                    return line;
                }
            }

            return null;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no line within {timeout ?? DefaultTimeout}; stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
    }

    public async Task<int> ExitAsync(TimeSpan? timeout = null)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException e)
        {
            // What the process said, and which of its processes are still there, is what explains a hang.
            throw new TimeoutException($"ias did not exit; stdout:\n{Stdout}\nstderr:\n{Stderr}\nprocesses:\n{ProcessTree()}", e);
        }

        await _pump.WaitAsync(TimeSpan.FromSeconds(10));
        return _process.ExitCode;
    }

    private static string ProcessTree()
    {
        using var ps = Process.Start(new ProcessStartInfo("ps", ["-eo", "pid,ppid,pgid,sid,stat,args"]) { RedirectStandardOutput = true })!;
        var text = ps.StandardOutput.ReadToEnd();
        ps.WaitForExit(10_000);
        return text;
    }

    public void Kill9() => Process.Start("kill", ["-9", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit(10_000);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    private static async Task Pump(StreamReader reader, StringBuilder sink, ChannelWriter<string>? lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (sink)
            {
                sink.AppendLine(line);
            }

            lines?.TryWrite(line);
        }
    }
}
