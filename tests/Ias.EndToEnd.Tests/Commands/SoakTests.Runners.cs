using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Commands;

/// <summary>The soak's runners: one checkout's `ias run-loop`, as its person starts it again and again.</summary>
public sealed partial class SoakTests
{
    /// <summary>
    /// The runner of one machine: in a terminal (a tmux session whose output is piped to a file), which a SIGHUP can close,
    /// or as a plain child process. Each start is a new process; what every one of them said is kept.
    /// </summary>
    private sealed partial class SoakRunner(TeamQueue team, int machine, bool inTerminal) : IAsyncDisposable
    {
        private readonly StringBuilder _said = new();
        private IasProcess? _process;
        private Task<int>? _exit;
        private Tmux? _tmux;
        private string? _pipe;

        public int Machine => machine;

        public bool InTerminal => inTerminal;

        public string Name => $"machine-{machine}{(inTerminal ? " (terminal)" : "")}";

        public int Pid { get; private set; }

        public int Starts { get; private set; }

        /// <summary>Why the soak itself is ending this process (a kill, a hang-up), so its end is no surprise; null otherwise.</summary>
        public string? Expected { get; set; }

        /// <summary>The runner stopped before its next job at a spend cap: it waits for the person to raise it.</summary>
        public bool AtCap { get; set; }

        /// <summary>The soak is over: the runner is not started again when it ends.</summary>
        public bool Finished { get; set; }

        /// <summary>When, in the soak's time, the current process was started.</summary>
        public TimeSpan StartedAt { get; private set; }

        /// <summary>Starts `ias run-loop --run RUN` (with <paramref name="more"/>) in the machine's checkout, at <paramref name="now"/> in the soak's time.</summary>
        public async Task StartAsync(TimeSpan now, params string[] more)
        {
            await ArchiveAsync();
            StartedAt = now;
            string[] args = ["run-loop", "--run", team.Run, .. more];
            Starts++;
            if (inTerminal)
            {
                // Held until its output is piped, so the file has every line the runner writes to its terminal.
                _pipe = team.Outside($"terminal-{machine}-{Starts}.log");
                _tmux = Tmux.StartHeld(160, 50, team.Clones[machine], team.Env, args);
                _tmux.PipeTo(_pipe);
                Pid = await TerminalPidAsync(_tmux);
                _tmux.Go();
            }
            else
            {
                _process = team.Start(machine, args);
                _exit = _process.ExitAsync(System.Threading.Timeout.InfiniteTimeSpan);
                Pid = _process.Pid;
            }
        }

        /// <summary>The pid of the process the terminal's shell started, which becomes ias once let go; it may take a moment to appear.</summary>
        private static async Task<int> TerminalPidAsync(Tmux tmux)
        {
            var waited = Stopwatch.StartNew();
            using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            while (true)
            {
                try
                {
                    return tmux.IasPid();
                }
                catch (InvalidOperationException) when (waited.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await poll.WaitForNextTickAsync();
                }
            }
        }

        /// <summary>Whether the current process still runs (a frozen one does).</summary>
        public bool Running => inTerminal ? _tmux is not null && Directory.Exists($"/proc/{Pid}") : _exit is { IsCompleted: false };

        /// <summary>The current process's exit code once it ended; null while it runs, or when its terminal went with it.</summary>
        public int? ExitCode => Running ? null
            : inTerminal ? (Exited().Match(Output) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null)
            : _exit?.Result;

        /// <summary>What the current process said so far, stdout then stderr; a terminal's without its escape sequences.</summary>
        public string Output => inTerminal
            ? _pipe is not null && File.Exists(_pipe) ? Escapes().Replace(File.ReadAllText(_pipe), "").Replace("\r", "", StringComparison.Ordinal) : ""
            : _process is null ? "" : _process.Stdout + _process.Stderr;

        /// <summary>What every process of this runner said, the current one's so far last.</summary>
        public string AllOutput => _said + Output;

        /// <summary>Whether the current process has a child (its agent's box, mostly; a git call for a moment), as /proc lists each thread's children.</summary>
        public bool HasChild => Running && Directory.Exists($"/proc/{Pid}/task")
            && Directory.EnumerateDirectories($"/proc/{Pid}/task").Any(t => File.Exists(Path.Combine(t, "children")) && File.ReadAllText(Path.Combine(t, "children")).Trim().Length > 0);

        public void Kill9() => Signal("KILL");

        /// <summary>Sends SIGSTOP, SIGCONT or SIGKILL to the current process.</summary>
        public void Signal(string signal)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, Pid.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardError = true })!;
            var said = kill.StandardError.ReadToEnd();
            Assert.True(kill.WaitForExit(10_000) && kill.ExitCode == 0, $"kill -{signal} {Pid}: {said}");
        }

        /// <summary>Closes the runner's terminal, as a dropped SSH connection does: the tmux server goes, and the runner gets SIGHUP.</summary>
        public void HangUp()
        {
            Assert.True(inTerminal, $"{Name} has no terminal to close");
            _tmux!.KillServer();
        }

        /// <summary>Waits until the current process says, after <paramref name="mark"/> characters of its output, a line that <paramref name="line"/> matches; its first group, or null when it ended or the wait ran out first.</summary>
        public async Task<string?> WaitForAsync(int mark, Regex line, TimeSpan limit)
        {
            using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < limit)
            {
                var text = Output;
                if (mark <= text.Length && line.Match(text, mark) is { Success: true } m)
                {
                    return m.Groups[1].Value;
                }

                if (!Running)
                {
                    return null;
                }

                await poll.WaitForNextTickAsync();
            }

            return null;
        }

        /// <summary>Keeps what the ended process said and lets its terminal go.</summary>
        private async Task ArchiveAsync()
        {
            _said.Append(Output);
            _tmux?.Dispose();
            _tmux = null;
            _pipe = null;
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }

            _process = null;
            _exit = null;
        }

        public async ValueTask DisposeAsync()
        {
            if (Running)
            {
                Kill9();
            }

            _tmux?.Dispose();
            if (_process is not null)
            {
                await _process.DisposeAsync();
            }
        }

        [GeneratedRegex(@"\[exited (\d+)\]")]
        private static partial Regex Exited();

        // CSI and OSC sequences, and the lone escapes of charset and keypad modes, as a terminal's output carries them.
        [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")]
        private static partial Regex Escapes();
    }
}
