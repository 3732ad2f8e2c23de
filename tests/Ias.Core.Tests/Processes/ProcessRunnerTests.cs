using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters.Claude;
using Ias.Core.Tests.Agents.Adapters.Claude;
using Ias.Core.Processes;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Processes;

public sealed class ProcessRunnerTests : IDisposable
{
    private static readonly TimeSpan TestLimit = TimeSpan.FromSeconds(60);

    /// <summary>The idle limit of the tests that hold the runner's clock: only the test moves that time.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    private readonly TempDir _dir = new();
    private readonly ProcessRunner _runner = new(TimeProvider.System);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Stdin_text_is_delivered_and_then_closed_so_cat_exits()
    {
        var run = await RunAsync(Spec("/bin/cat", [], stdin: "hello\nworld\n"));

        Assert.Equal(0, run.Outcome.ExitCode);
        Assert.Equal(["hello", "world"], run.Stdout);
        Assert.Equal(ProcessStop.Exited, run.Outcome.Stop);
    }

    [Fact]
    public async Task A_child_started_without_the_inherited_environment_sees_only_what_its_spec_names()
    {
        var spec = Shell("echo \"${HOME:-no-home}:${PATH:-no-path}:${OWN:-no-own}\"") with
        {
            Environment = new Dictionary<string, string> { ["OWN"] = "mine", ["PATH"] = "/usr/bin:/bin" },
            InheritEnvironment = false,
        };

        var run = await RunAsync(spec);

        Assert.Equal(["no-home:/usr/bin:/bin:mine"], run.Stdout);
    }

    [Fact]
    public async Task A_child_that_prints_past_its_output_limit_is_stopped()
    {
        var spec = Shell("yes flood") with { OutputLimit = 1024 * 1024 };

        var run = await RunAsync(spec);

        Assert.True(run.Outcome.OutputLimited);
        Assert.Null(run.Outcome.ExitCode);
        Assert.InRange(run.Stdout.Count, 1, 1024 * 1024 / 6);
    }

    [Fact]
    public async Task Without_stdin_text_stdin_is_closed_at_once()
    {
        var run = await RunAsync(Spec("/bin/cat", [], stdin: null));

        Assert.Equal(0, run.Outcome.ExitCode);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task A_prompt_larger_than_the_pipe_buffer_arrives_whole()
    {
        var lines = Enumerable.Range(1, 20_000).Select(i => $"line {i} of a long prompt").ToList();

        var run = await RunAsync(Spec("/bin/cat", [], stdin: string.Join('\n', lines) + "\n"));

        Assert.Equal(0, run.Outcome.ExitCode);
        Assert.Equal(lines, run.Stdout);
    }

    [Fact]
    public async Task Lines_of_each_stream_arrive_in_order()
    {
        var script = "i=1; while [ $i -le 300 ]; do echo out$i; echo err$i >&2; i=$((i+1)); done";

        var run = await RunAsync(Shell(script));

        Assert.Equal(Enumerable.Range(1, 300).Select(i => $"out{i}"), run.Stdout);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => $"err{i}"), run.Stderr);
    }

    [Fact]
    public async Task The_exit_code_is_passed_through()
    {
        var run = await RunAsync(Shell("echo done; exit 7"));

        Assert.Equal(7, run.Outcome.ExitCode);
        Assert.Equal(["done"], run.Stdout);
    }

    [Fact]
    public async Task Environment_and_working_directory_reach_the_child()
    {
        var spec = Shell("echo \"$IAS_ROLE\"; pwd") with
        {
            Environment = new Dictionary<string, string> { ["IAS_ROLE"] = "reviewer" },
        };

        var run = await RunAsync(spec);

        Assert.Equal(["reviewer", _dir.Path], run.Stdout);
    }

    [Fact]
    public async Task The_wall_limit_kills_the_child_and_its_grandchild()
    {
        var spec = Shell("sleep 1000 & echo $!; wait") with { WallLimit = TimeSpan.FromSeconds(1) };

        var run = await RunAsync(spec);

        Assert.Equal(ProcessStop.TimedOut, run.Outcome.Stop);
        Assert.Null(run.Outcome.ExitCode);
        Assert.InRange(run.Outcome.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));
        Assert.True(IsGone(int.Parse(run.Stdout.Single())), "the grandchild sleep is still running");
    }

    [Fact]
    public async Task A_child_that_ignores_SIGTERM_is_killed_after_the_grace()
    {
        var spec = Shell("trap '' TERM; sleep 1000 & echo $!; wait") with
        {
            WallLimit = TimeSpan.FromMilliseconds(500),
            KillGrace = TimeSpan.FromMilliseconds(500),
        };

        var run = await RunAsync(spec);

        Assert.Equal(ProcessStop.TimedOut, run.Outcome.Stop);
        Assert.True(run.Outcome.Elapsed >= TimeSpan.FromSeconds(1), $"killed after {run.Outcome.Elapsed}, before the grace ran out");
        Assert.True(IsGone(int.Parse(run.Stdout.Single())), "the grandchild sleep survived SIGKILL");
    }

    [Fact]
    public async Task The_idle_limit_kills_a_silent_child()
    {
        // The runner's clock is the test's: the silence starts after the first line however slowly a busy machine starts
        // the shell, and the kill that follows runs on real time.
        var clock = new HeldTimerClock(DateTimeOffset.UnixEpoch);
        var lines = Channel.CreateUnbounded<string>();
        var spec = Shell("echo started; sleep 1000") with { IdleLimit = Limit, WallLimit = TimeSpan.FromHours(2) };
        var running = RunAsync(spec, onStdout: line => lines.Writer.TryWrite(line), runner: new ProcessRunner(clock));

        Assert.Equal("started", await lines.Reader.ReadAsync().AsTask().WaitAsync(TestLimit));
        clock.AdvanceThenRun(Limit);

        var run = await running;
        Assert.Equal(ProcessStop.IdledOut, run.Outcome.Stop);
        Assert.Null(run.Outcome.ExitCode);
        Assert.Equal(["started"], run.Stdout);
    }

    [Fact]
    public async Task The_idle_limit_spares_a_child_that_keeps_printing()
    {
        // The runner's clock is the test's: each line comes three quarters of the idle limit after the one before, five of
        // them more than three limits in all, however slow a busy machine makes the child or the runner's reads.
        var clock = new HeldTimerClock(DateTimeOffset.UnixEpoch);
        var limit = Limit;
        var go = _dir.Combine("go");
        var script = $"for i in 1 2 3 4 5; do echo tick$i; while [ ! -e '{go}'$i ]; do sleep 0.01; done; done";
        var lines = Channel.CreateUnbounded<string>();
        var running = RunAsync(Shell(script) with { IdleLimit = limit, WallLimit = TimeSpan.FromHours(2) }, onStdout: line => lines.Writer.TryWrite(line), runner: new ProcessRunner(clock));

        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal($"tick{i}", await lines.Reader.ReadAsync().AsTask().WaitAsync(TestLimit));
            clock.Advance(limit * 0.75);
            await File.WriteAllTextAsync(go + i, "");
        }

        var run = await running;
        Assert.Equal(ProcessStop.Exited, run.Outcome.Stop);
        Assert.Equal(0, run.Outcome.ExitCode);
        Assert.Equal(["tick1", "tick2", "tick3", "tick4", "tick5"], run.Stdout);
    }

    [Fact]
    public async Task Lines_that_are_not_progress_do_not_hold_off_the_idle_limit()
    {
        // Codex reconnecting forever while the network is down: it keeps printing, but never works. On the test's clock
        // the reconnecting starts three quarters of the limit after the last progress, and the limit runs out half a
        // limit later.
        var clock = new HeldTimerClock(DateTimeOffset.UnixEpoch);
        var go = _dir.Combine("go");
        var script = $"echo started; while [ ! -e '{go}' ]; do sleep 0.01; done; while true; do echo 'Reconnecting... waiting for network'; sleep 0.1; done";
        var lines = Channel.CreateUnbounded<string>();
        var spec = Shell(script) with
        {
            IdleLimit = Limit,
            WallLimit = TimeSpan.FromHours(2),
            IsProgress = line => !line.StartsWith("Reconnecting", StringComparison.Ordinal),
        };
        var running = RunAsync(spec, onStdout: line => lines.Writer.TryWrite(line), runner: new ProcessRunner(clock));

        Assert.Equal("started", await lines.Reader.ReadAsync().AsTask().WaitAsync(TestLimit));
        clock.Advance(Limit * 0.75);
        await File.WriteAllTextAsync(go, "");
        Assert.StartsWith("Reconnecting", await lines.Reader.ReadAsync().AsTask().WaitAsync(TestLimit));
        clock.AdvanceThenRun(Limit * 0.5);

        var run = await running;
        Assert.Equal(ProcessStop.IdledOut, run.Outcome.Stop);
        Assert.Null(run.Outcome.ExitCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_result_already_arriving_holds_off_the_idle_kill(bool arriving)
    {
        // The silence after the result is twice the limit on the test's clock. When the result is arriving, the child
        // goes on only after the runner has asked, so its last line cannot be what spared it.
        var clock = new HeldTimerClock(DateTimeOffset.UnixEpoch);
        var go = _dir.Combine("go");
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = Channel.CreateUnbounded<string>();
        var spec = Shell($"echo result; while [ ! -e '{go}' ]; do sleep 0.01; done; echo bye") with { IdleLimit = Limit, WallLimit = TimeSpan.FromHours(2) };
        var running = RunAsync(
            spec,
            resultArriving: () =>
            {
                asked.TrySetResult();
                return arriving;
            },
            onStdout: line => lines.Writer.TryWrite(line),
            runner: new ProcessRunner(clock));

        Assert.Equal("result", await lines.Reader.ReadAsync().AsTask().WaitAsync(TestLimit));
        if (arriving)
        {
            clock.Advance(Limit * 2);
            await asked.Task.WaitAsync(TestLimit);
            await File.WriteAllTextAsync(go, "");
        }
        else
        {
            clock.AdvanceThenRun(Limit * 2);
        }

        var run = await running;
        Assert.Equal(!arriving, run.Outcome.Stop == ProcessStop.IdledOut);
        Assert.Equal(arriving ? ["result", "bye"] : ["result"], run.Stdout);
        Assert.Equal(arriving ? 0 : null, run.Outcome.ExitCode);
    }

    [Fact]
    public async Task A_CLI_lingering_silently_after_its_result_event_is_not_killed_as_idle()
    {
        var parser = new ClaudeStreamParser();
        var events = new List<AgentEvent>();
        string[] stream = [ClaudeStreamFixtures.Init, ClaudeStreamFixtures.AssistantSecondMessage, ClaudeStreamFixtures.ResultSuccess];
        // Lingers past the idle limit after its result; the limit is wide enough that a busy machine's slow start of the
        // shell is not taken for silence before the stream arrives (2 s was not, with two test processes on two cores).
        var spec = Shell("cat; sleep 8") with
        {
            StdinText = string.Join('\n', stream) + "\n",
            IdleLimit = TimeSpan.FromSeconds(5),
        };

        var outcome = await _runner.RunAsync(
            spec,
            line =>
            {
                events.AddRange(parser.Parse(line));
                return ValueTask.CompletedTask;
            },
            _ => ValueTask.CompletedTask,
            () => parser.SawResult,
            CancellationToken.None).WaitAsync(TestLimit);

        Assert.Equal(0, outcome.ExitCode);
        Assert.NotEqual(ProcessStop.IdledOut, outcome.Stop);
        Assert.True(Assert.IsType<FinalResult>(events[^1]).Success);
    }

    [Fact]
    public async Task Cancellation_kills_the_whole_process_group()
    {
        using var cts = new CancellationTokenSource();
        var spec = Shell("sleep 1000 & echo $!; wait");

        var run = await RunAsync(spec, onStdout: _ => cts.Cancel(), ct: cts.Token);

        Assert.Equal(ProcessStop.Cancelled, run.Outcome.Stop);
        Assert.Null(run.Outcome.ExitCode);
        Assert.True(IsGone(int.Parse(run.Stdout.Single())), "the grandchild sleep outlived the cancellation");
    }

    [Fact]
    public async Task Background_processes_left_by_a_finished_child_are_killed()
    {
        var run = await RunAsync(Shell("sleep 1000 >/dev/null 2>&1 & echo $!"));

        Assert.Equal(0, run.Outcome.ExitCode);
        Assert.True(IsGone(int.Parse(run.Stdout.Single())), "the background sleep outlived its parent");
    }

    public enum Ending
    {
        Exits,
        Cancelled,
        WallLimit,
        IdleLimit,
    }

    [Theory]
    [InlineData(Ending.Exits)]
    [InlineData(Ending.Cancelled)]
    [InlineData(Ending.WallLimit)]
    [InlineData(Ending.IdleLimit)]
    public async Task A_daemon_that_forked_twice_into_a_session_of_its_own_does_not_outlive_the_run(Ending ending)
    {
        // The daemon reports its pid through a FIFO, so the child waits for it without polling; it keeps stdout open,
        // as a real daemon that forgot to close it would, and its marker finds it (or whatever it started) in ps.
        var marker = $"300.{Random.Shared.Next(100_000, 999_999)}";
        var fifo = _dir.Combine("daemon.fifo");
        var daemon = $"( setsid sh -c 'echo $$ > \"$0\"; exec sleep {marker}' \"{fifo}\" & ); read pid < \"{fifo}\"; echo \"$pid\"";
        var rest = ending == Ending.Exits ? "exit 0" : "sleep 1000";
        using var cts = new CancellationTokenSource();
        var child = 0;
        var spec = Shell($"mkfifo \"{fifo}\"; {daemon}; {rest}") with
        {
            // Limits wide enough that a loaded machine still starts the daemon before they strike.
            WallLimit = ending == Ending.WallLimit ? TimeSpan.FromSeconds(6) : TimeSpan.FromSeconds(30),
            IdleLimit = ending == Ending.IdleLimit ? TimeSpan.FromSeconds(5) : Timeout.InfiniteTimeSpan,
            Started = pid => child = pid,
        };

        var run = await RunAsync(spec, onStdout: _ =>
        {
            if (ending == Ending.Cancelled)
            {
                cts.Cancel();
            }
        }, ct: cts.Token);

        var daemonPid = int.Parse(run.Stdout.Single(), CultureInfo.InvariantCulture);
        Assert.Equal(ending == Ending.Exits ? 0 : null, run.Outcome.ExitCode);
        Assert.Equal(ending == Ending.Cancelled, run.Outcome.Stop == ProcessStop.Cancelled);
        Assert.Equal(ending == Ending.WallLimit, run.Outcome.Stop == ProcessStop.TimedOut);
        Assert.Equal(ending == Ending.IdleLimit, run.Outcome.Stop == ProcessStop.IdledOut);
        var left = Ps().Where(p => p.Pid == daemonPid || p.Session == daemonPid || p.Session == child || p.Args.Contains(marker, StringComparison.Ordinal)).ToList();
        Assert.True(left.Count == 0, $"still running after the run: {string.Join("; ", left)}");
    }

    [Fact]
    public async Task Arguments_reach_the_child_exactly_as_given()
    {
        string[] args = ["two words", "", "a \"quoted\" word", "back\\slash\\", "tab\there", "ünïcode", "'single'", "$HOME", "*"];

        var run = await RunAsync(Spec("/bin/sh", ["-c", "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done", "sh", .. args], stdin: null));

        Assert.Equal(args.Select(a => $"[{a}]"), run.Stdout);
    }

    [Fact]
    public async Task Lines_end_at_newlines_only_and_bytes_that_are_not_UTF8_become_replacement_characters()
    {
        var run = await RunAsync(Shell("printf 'caf\\351 \\377 ok\\r\\nprogress\\r50%%\\rdone\\n'"));

        Assert.Equal(["caf\uFFFD \uFFFD ok", "progress\r50%\rdone"], run.Stdout);
    }

    [Fact]
    public async Task A_ten_megabyte_line_without_a_newline_arrives_whole()
    {
        var run = await RunAsync(Shell("head -c 10485760 /dev/zero | tr '\\0' x"));

        Assert.Equal(0, run.Outcome.ExitCode);
        var line = Assert.Single(run.Stdout);
        Assert.Equal(10 * 1024 * 1024, line.Length);
        Assert.All(line.Distinct(), c => Assert.Equal('x', c));
    }

    [Fact]
    public async Task A_child_that_exits_without_reading_its_stdin_ends_the_run_with_its_exit_code()
    {
        var prompt = string.Join('\n', Enumerable.Repeat("a line of a prompt nobody reads", 100_000));

        var run = await RunAsync(Spec("/bin/sh", ["-c", "exit 3"], stdin: prompt));

        Assert.Equal(3, run.Outcome.ExitCode);
    }

    [Fact]
    public async Task A_callback_that_throws_stops_the_child_and_surfaces_the_error()
    {
        var spec = Shell("echo boom; sleep 1000");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => RunAsync(spec, onStdout: _ => throw new InvalidOperationException("consumer failed")));

        Assert.Equal("consumer failed", error.Message);
    }

    [Fact]
    public async Task A_missing_program_fails_before_starting_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => RunAsync(Spec("no-such-agent-cli", [], null)));

        Assert.Contains("no-such-agent-cli", error.Message);
        Assert.Contains("PATH", error.Message);
    }

    [Fact]
    public async Task An_infinite_wall_limit_is_refused()
    {
        var spec = Shell("true") with { WallLimit = Timeout.InfiniteTimeSpan };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(spec));

        Assert.Contains("wall limit", error.Message);
    }

    private ProcessSpec Spec(string fileName, IReadOnlyList<string> args, string? stdin) => new(
        fileName,
        args,
        _dir.Path,
        new Dictionary<string, string>(),
        stdin,
        WallLimit: TimeSpan.FromSeconds(30),
        IdleLimit: Timeout.InfiniteTimeSpan,
        KillGrace: TimeSpan.FromSeconds(2));

    private ProcessSpec Shell(string script) => Spec("/bin/sh", ["-c", script], stdin: null);

    private async Task<Run> RunAsync(
        ProcessSpec spec,
        Func<bool>? resultArriving = null,
        Action<string>? onStdout = null,
        CancellationToken ct = default,
        ProcessRunner? runner = null)
    {
        var stdout = new ConcurrentQueue<string>();
        var stderr = new ConcurrentQueue<string>();
        var outcome = await (runner ?? _runner).RunAsync(
            spec,
            line =>
            {
                stdout.Enqueue(line);
                onStdout?.Invoke(line);
                return ValueTask.CompletedTask;
            },
            line =>
            {
                stderr.Enqueue(line);
                return ValueTask.CompletedTask;
            },
            resultArriving,
            ct).WaitAsync(TestLimit);
        return new Run(outcome, [.. stdout], [.. stderr]);
    }

    /// <summary>Every live process as `ps` lists it; zombies, dead and waiting to be reaped, are left out.</summary>
    private static List<PsRow> Ps()
    {
        var ps = CliProcess.Run("ps", "/", ["-eo", "pid=,sid=,stat=,args="], new Dictionary<string, string>(), TimeSpan.FromSeconds(30), "ps");
        Assert.Equal(0, ps.ExitCode);
        return [.. ps.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split((char[]?)null, 4, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 3 && !f[2].StartsWith('Z'))
            .Select(f => new PsRow(int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), f.Length > 3 ? f[3] : ""))];
    }

    /// <summary>True when the process no longer runs; a zombie waiting for init to reap it is dead.</summary>
    private static bool IsGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[stat.LastIndexOf(')') + 2];
            return state is 'Z' or 'X';
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return true;
        }
    }

    private sealed record Run(ProcessOutcome Outcome, List<string> Stdout, List<string> Stderr);

    private sealed record PsRow(int Pid, int Session, string Args);
}
