using System.Diagnostics;

namespace Ias.EndToEnd.Tests.Support;

/// <summary>
/// A real terminal: a private tmux server (its own socket, so it never touches a user's sessions) running `ias`,
/// typed at with send-keys and read with capture-pane.
/// </summary>
public sealed class Tmux : IDisposable
{
    private const string GoChannel = "ias-go";

    private readonly string _socket = $"ias-test-{Guid.NewGuid():N}"[..20];

    private Tmux()
    {
    }

    /// <summary>Starts `ias ARGS` in a new session of the given size; when ias exits the pane stays, showing its exit code.</summary>
    public static Tmux Start(int width, int height, string cwd, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        Start(IasProgram.Default, width, height, cwd, env, args);

    /// <summary>Starts <paramref name="program"/> (a given build of ias) with ARGS in a new session, as the other overload does.</summary>
    public static Tmux Start(IasProgram program, int width, int height, string cwd, IReadOnlyDictionary<string, string>? env, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(program);
        var tmux = new Tmux();
        var all = new Dictionary<string, string>(env ?? new Dictionary<string, string>());
        all.TryAdd(Ias.Core.Sandbox.BoxLayout.ShareVariable, IasProcess.SharedWithBox);

        var exports = string.Concat(all.Select(kv => $"export {kv.Key}={Quote(kv.Value)}; "));
        var command = $"{exports}{string.Join(' ', program.Command.Concat(args).Select(Quote))}; echo \"[exited $?]\"; exec cat";
        tmux.Run("new-session", "-d", "-s", "main", "-x", $"{width}", "-y", $"{height}", "-c", cwd, command);
        return tmux;
    }

    /// <summary>
    /// Runs <paramref name="commandLine"/> as a person types it at their shell in <paramref name="cwd"/>: without the
    /// variables <paramref name="unset"/> names (what the test run itself put in the environment), with <paramref name="env"/>'s;
    /// when it exits the pane stays, showing its exit code.
    /// </summary>
    public static Tmux StartShell(int width, int height, string cwd, string commandLine, IReadOnlyDictionary<string, string> env, IEnumerable<string> unset)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(unset);
        var tmux = new Tmux();
        var unsets = string.Concat(unset.Select(name => $"unset {name}; "));
        var exports = string.Concat(env.Select(kv => $"export {kv.Key}={Quote(kv.Value)}; "));
        tmux.Run("new-session", "-d", "-s", "main", "-x", $"{width}", "-y", $"{height}", "-c", cwd, $"{unsets}{exports}{commandLine}; echo \"[exited $?]\"; exec cat");
        return tmux;
    }

    /// <summary>
    /// Starts `ias ARGS` as <see cref="Start(int, int, string, IReadOnlyDictionary{string, string}?, string[])"/> does, but
    /// ias runs only once <see cref="Go"/> is called: <see cref="PipeTo"/> before that records every byte it writes.
    /// </summary>
    public static Tmux StartHeld(int width, int height, string cwd, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        Start(new IasProgram(["sh", "-c", $"tmux wait-for {GoChannel} && exec \"$0\" \"$@\"", .. IasProgram.Default.Command]), width, height, cwd, env, args);

    /// <summary>Lets the ias of <see cref="StartHeld"/> run (tmux keeps the signal for a waiter that comes later).</summary>
    public void Go() => Run("wait-for", "-S", GoChannel);

    public string Capture() => Run("capture-pane", "-p", "-t", "main");

    /// <summary>The screen with each wrapped line joined whole again, its spaces kept (plain capture trims a line's end).</summary>
    public string CaptureJoined() => Run("capture-pane", "-p", "-J", "-t", "main");

    /// <summary>The screen with its colours and attributes as SGR codes (tmux re-encodes each cell as the program set it).</summary>
    public string CaptureWithCodes() => Run("capture-pane", "-p", "-e", "-t", "main");

    public void Keys(params string[] keys) => Run(["send-keys", "-t", "main", .. keys]);

    /// <summary>Appends every byte the program writes to the pane from now on to <paramref name="file"/>, escape sequences included.</summary>
    public void PipeTo(string file) => Run("pipe-pane", "-o", "-t", "main", $"cat >> {Quote(file)}");

    public void Resize(int width, int height) => Run("resize-window", "-t", "main", "-x", $"{width}", "-y", $"{height}");

    /// <summary>The pid of `ias` itself: the child of the pane's shell.</summary>
    public int IasPid()
    {
        var shell = Run("list-panes", "-t", "main", "-F", "#{pane_pid}").Trim();
        var psi = new ProcessStartInfo("pgrep", ["-P", shell]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var child = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).First();
        p.WaitForExit(5000);
        return int.Parse(child, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>What a dropped SSH connection does to a dashboard: its terminal goes away.</summary>
    public void KillServer() => Run("kill-server");

    /// <summary>Waits for y/N question <paramref name="number"/> (ending in <paramref name="question"/>) on the screen, then types the answer.</summary>
    public async Task AnswerAsync(int number, string question, string answer)
    {
        await WaitForAsync(
            s => s.Split('\n').Count(l => l.TrimEnd().EndsWith("[y/N]", StringComparison.Ordinal) || l.Contains("[y/N] ", StringComparison.Ordinal)) == number
                && s.Contains(question, StringComparison.Ordinal),
            $"question {number}: {question}");
        Keys(answer, "Enter");
    }

    /// <summary>Waits until the screen shows <paramref name="text"/>; returns the screen.</summary>
    public Task<string> WaitForAsync(string text, TimeSpan? timeout = null) =>
        WaitForAsync(s => s.Contains(text, StringComparison.Ordinal), $"\"{text}\"", timeout);

    public async Task<string> WaitForAsync(Func<string, bool> condition, string what, TimeSpan? timeout = null)
    {
        // Polls the real screen: the condition is what the user would see, checked every 100 ms until the deadline, which
        // only a hang reaches (a loaded machine makes the wait longer, never a failure).
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(5));
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var screen = Capture();
        while (!condition(screen))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the screen never showed {what}; it shows:\n{screen}");
            }

            await poll.WaitForNextTickAsync();
            screen = Capture();
        }

        return screen;
    }

    public void Dispose()
    {
        try
        {
            Run("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone (a test killed it on purpose).
        }
    }

    public static void AssertInstalled()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "tmux")));
        Assert.True(found, "tmux is not installed: the dashboard's end-to-end tier needs it (.ci/run installs it with apt-get)");
    }

    private string Run(params string[] args)
    {
        var psi = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-L");
        psi.ArgumentList.Add(_socket);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment.Remove("TMUX");
        psi.Environment["TERM"] = "xterm-256color";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(10_000) || p.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {error}");
        }

        return output;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
