using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using CliWrap;

namespace Ias.Core.Processes;

/// <summary>Runs an agent CLI as a child process in its own session, streams its output by line, and stops everything it started at a limit, on cancellation or at its end.</summary>
/// <remarks>
/// CliWrap starts the child and pipes its streams. What CliWrap does not do stays here: its forceful cancellation kills the
/// child's process tree as the kernel sees it, so a daemon that forked twice (and now belongs to init) outlives it, and its
/// graceful cancellation sends SIGINT to the child alone. So the child starts through setsid(1) to lead a session and group
/// of its own, carries a tag in its environment, and <see cref="ProcessFamily"/> finds and signals all of it.
/// </remarks>
public sealed class ProcessRunner
{
    // How long to wait for output pipes and stdin to settle once the process is gone; grandchildren may hold the pipes.
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan GroupPoll = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromDays(1);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly TimeProvider _clock;
    private readonly string? _setsid;

    public ProcessRunner(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _setsid = FindSetsid();
    }

    private enum StopReason
    {
        None,
        Wall,
        Idle,
        Cancelled,
        CallbackFailed,
        Output,
    }

    /// <summary>Runs <paramref name="spec"/> to its end and kills what it leaves running; line callbacks never run concurrently, and idle kills wait while <paramref name="resultArriving"/> is true.</summary>
    public Task<ProcessOutcome> RunAsync(
        ProcessSpec spec,
        Func<string, ValueTask> onStdoutLine,
        Func<string, ValueTask> onStderrLine,
        Func<bool>? resultArriving,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(onStdoutLine);
        ArgumentNullException.ThrowIfNull(onStderrLine);
        return RunAsync(spec, new TextLines(onStdoutLine, spec.IsProgress), new TextLines(onStderrLine, spec.IsProgress), resultArriving, ct);
    }

    /// <summary>As the other overload, with each stream's lines going to a sink as bytes: the sinks are never fed at once, and a line is progress when its sink says so.</summary>
    public async Task<ProcessOutcome> RunAsync(
        ProcessSpec spec,
        ILineSink stdoutSink,
        ILineSink stderrSink,
        Func<bool>? resultArriving,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(stdoutSink);
        ArgumentNullException.ThrowIfNull(stderrSink);
        Validate(spec);
        if (ct.IsCancellationRequested)
        {
            return new ProcessOutcome(null, ProcessStop.Cancelled, TimeSpan.Zero);
        }

        var executable = ResolveExecutable(spec);
        var tag = spec.Tag ?? ProcessFamily.NewTag();
        var started = _clock.GetTimestamp();
        var activity = new OutputActivity(started);
        var callbacks = new SemaphoreSlim(1, 1);
        void Touch() => activity.Touch(_clock.GetTimestamp());
        var budget = spec.OutputLimit is { } limit ? new OutputBudget(limit) : null;
        var stdout = new LineTarget(stdoutSink, callbacks, Touch, budget);
        var stderr = new LineTarget(stderrSink, callbacks, Touch, budget);

        // Cancelled only as a last resort, when the output pipes stay open after everything of the run is dead.
        using var abandon = new CancellationTokenSource();
        Process? child = null;
        Task<int?> exited = Task.FromResult<int?>(null);
        CommandTask<CommandResult> running;
        try
        {
            running = BusyFile.Retry(() => Build(spec, executable, tag, stdout, stderr).ExecuteAsync(
                null,
                p =>
                {
                    child = p;
                    exited = ExitCodeAsync(p);
                },
                abandon.Token));
        }
        catch (Win32Exception e)
        {
            // CliWrap wraps the system's reason in a sentence of its own; the system's is the one a user can act on.
            var cause = e.InnerException?.Message ?? e.Message;
            throw new InvalidOperationException($"could not start \"{executable}\": {cause}; check that it is executable", e);
        }

        // With setsid the child leads a new session, so its pid is also its process group id.
        var family = _setsid is null ? null : new ProcessFamily(running.ProcessId, tag);
        spec.Started?.Invoke(running.ProcessId);
        Task[] pumps = [stdout.Completion, stderr.Completion];
        var readers = Task.WhenAll(pumps);

        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watch = WatchAsync(spec, started, activity, resultArriving, stopWatching.Token, ct);

        var reason = await FirstStopAsync(exited, watch, pumps, budget?.Exceeded).ConfigureAwait(false);
        if (reason != StopReason.None)
        {
            await KillAsync(child, family, exited, spec.KillGrace).ConfigureAwait(false);
        }
        else if (family is not null)
        {
            // The agent left processes behind (in its group, or ones that left it); they must not outlive the run.
            await TerminateLeftoversAsync(family, spec.KillGrace).ConfigureAwait(false);
        }

        await stopWatching.CancelAsync().ConfigureAwait(false);
        await Settle(watch, DrainLimit).ConfigureAwait(false);
        if (!await DrainAsync(readers, activity).ConfigureAwait(false) && family is not null)
        {
            await KillAllAsync(family).ConfigureAwait(false);
            await Settle(readers, DrainLimit).ConfigureAwait(false);
        }

        // CliWrap ends once the child is gone and the pipes are read; a pipe held by a process nobody could find is let go.
        if (!await Settle(running.Task, DrainLimit).ConfigureAwait(false))
        {
            await abandon.CancelAsync().ConfigureAwait(false);
            await Settle(running.Task, DrainLimit).ConfigureAwait(false);
        }

        var elapsed = _clock.GetElapsedTime(started);

        if (readers.IsFaulted)
        {
            // A callback threw: the group is dead by now, so surface the consumer's error as it was.
            await readers.ConfigureAwait(false);
        }

        // A child past its output limit was stopped for it, even when the closed pipe's SIGPIPE ended it before the kill did.
        var outputLimited = reason == StopReason.Output || budget?.Exceeded.IsCompleted == true;
        int? exitCode = reason != StopReason.None || outputLimited ? null
            : running.Task.IsCompletedSuccessfully ? running.Task.Result.ExitCode
            : exited.IsCompletedSuccessfully ? exited.Result
            : null;
        return new ProcessOutcome(exitCode, Stop(reason), elapsed)
        {
            OutputLimited = outputLimited,
        };
    }

    private Command Build(ProcessSpec spec, string executable, string tag, PipeTarget stdout, PipeTarget stderr)
    {
        var command = _setsid is null
            ? Cli.Wrap(executable).WithArguments(spec.Args)

            // --wait only matters if setsid has to fork, which it does not for a fresh child; it keeps the exit code honest if it ever does.
            : Cli.Wrap(_setsid).WithArguments(["--wait", executable, .. spec.Args]);
        return command
            .WithWorkingDirectory(spec.WorkingDirectory)
            .WithEnvironmentVariables(env =>
            {
                // CliWrap removes a variable set to null: what the spec does not name is then not there at all.
                if (!spec.InheritEnvironment)
                {
                    foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => !spec.Environment.ContainsKey(n)))
                    {
                        env.Set(name, null);
                    }
                }

                foreach (var (key, value) in spec.Environment)
                {
                    env.Set(key, value);
                }

                env.Set(ProcessFamily.TagVariable, ProcessFamily.TagValue(tag));
            })

            // Closing stdin matters: some CLIs wait for end of input before they start.
            .WithStandardInputPipe(spec.StdinText is null ? PipeSource.Null : PipeSource.FromString(spec.StdinText, Utf8))
            .WithStandardOutputPipe(stdout)
            .WithStandardErrorPipe(stderr)
            .WithValidation(CommandResultValidation.None);
    }

    /// <summary>The child's exit code as soon as it exits, before its pipes are read to the end; null if it could not be read.</summary>
    private static async Task<int?> ExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            return process.ExitCode;
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // CliWrap disposed the process first; its own result carries the code.
            return null;
        }
    }

    // Output over its limit is told by OutputLimited, and a failed callback rethrows before an outcome is made.
    private static ProcessStop Stop(StopReason reason) => reason switch
    {
        StopReason.Wall => ProcessStop.TimedOut,
        StopReason.Idle => ProcessStop.IdledOut,
        StopReason.Cancelled => ProcessStop.Cancelled,
        _ => ProcessStop.Exited,
    };

    private static async Task<StopReason> FirstStopAsync(Task exited, Task<StopReason> watch, Task[] pumps, Task? outputExceeded)
    {
        var pending = new List<Task> { exited, watch };
        pending.AddRange(pumps);
        if (outputExceeded is not null)
        {
            pending.Add(outputExceeded);
        }

        while (true)
        {
            // Bounded: the watch always ends at the wall limit.
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            if (done == exited)
            {
                return StopReason.None;
            }

            if (done == outputExceeded)
            {
                return StopReason.Output;
            }

            if (done == watch)
            {
                var reason = await watch.ConfigureAwait(false);
                if (reason != StopReason.None)
                {
                    return reason;
                }

                pending.Remove(watch);
                continue;
            }

            // A pump ends cleanly at end of stream, which can come before the exit; it fails only when a callback threw.
            pending.Remove(done);
            if (done.IsFaulted || done.IsCanceled)
            {
                return StopReason.CallbackFailed;
            }
        }
    }

    private async Task<StopReason> WatchAsync(
        ProcessSpec spec,
        long started,
        OutputActivity activity,
        Func<bool>? resultArriving,
        CancellationToken stop,
        CancellationToken cancel)
    {
        var idleChecked = spec.IdleLimit != Timeout.InfiniteTimeSpan;
        try
        {
            while (true)
            {
                var now = _clock.GetTimestamp();
                var wallLeft = spec.WallLimit - _clock.GetElapsedTime(started, now);
                if (wallLeft <= TimeSpan.Zero)
                {
                    return StopReason.Wall;
                }

                var wait = wallLeft;
                if (idleChecked)
                {
                    var idleLeft = spec.IdleLimit - _clock.GetElapsedTime(activity.Last, now);
                    if (idleLeft <= TimeSpan.Zero)
                    {
                        // The final result is already arriving; a quiet CLI shutting down is not a hang.
                        if (resultArriving?.Invoke() != true)
                        {
                            return StopReason.Idle;
                        }

                        idleLeft = spec.IdleLimit;
                    }

                    wait = idleLeft < wait ? idleLeft : wait;
                }

                await Task.Delay(wait < LongestDelay ? wait : LongestDelay, _clock, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return cancel.IsCancellationRequested ? StopReason.Cancelled : StopReason.None;
        }
    }

    /// <summary>Waits for the output to be read to its end while lines keep coming; false if it stalls, which means a process outside the family holds a pipe.</summary>
    private async Task<bool> DrainAsync(Task readers, OutputActivity activity)
    {
        var seen = activity.Last;
        while (!await Settle(readers, DrainLimit).ConfigureAwait(false))
        {
            // A slow consumer working through buffered output is progress, not a stall.
            if (activity.Last == seen)
            {
                return false;
            }

            seen = activity.Last;
        }

        return true;
    }

    private async Task KillAsync(Process? child, ProcessFamily? family, Task exited, TimeSpan grace)
    {
        if (family is not null)
        {
            family.Signal(PosixSignals.Terminate, family.Members());
            await Settle(exited, grace).ConfigureAwait(false);

            // Whatever ignored SIGTERM, or was slower than the grace, goes now; the leader's exit does not end its group.
            await KillAllAsync(family).ConfigureAwait(false);
        }
        else if (child is not null)
        {
            KillTree(child);
        }

        await Settle(exited, DrainLimit).ConfigureAwait(false);
    }

    private async Task TerminateLeftoversAsync(ProcessFamily family, TimeSpan grace)
    {
        var members = family.Members();
        if (!family.Signal(PosixSignals.Terminate, members))
        {
            return;
        }

        var since = _clock.GetTimestamp();
        while (family.Alive(members) && _clock.GetElapsedTime(since) < grace)
        {
            await Task.Delay(GroupPoll, _clock).ConfigureAwait(false);
        }

        await KillAllAsync(family).ConfigureAwait(false);
    }

    // SIGKILL is delivered, not finished, when kill() returns, and a member may fork while it is being killed: look again
    // and signal until nothing is left (briefly, bounded), so no caller ever sees a process of a run that has ended.
    private async Task KillAllAsync(ProcessFamily family)
    {
        var since = _clock.GetTimestamp();
        IReadOnlyList<int> members;
        while (family.Signal(PosixSignals.Kill, members = family.Members()) && family.Alive(members) && _clock.GetElapsedTime(since) < DrainLimit)
        {
            await Task.Delay(GroupPoll, _clock).ConfigureAwait(false);
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        catch (Win32Exception)
        {
            // Some process of the tree was already gone.
        }
    }

    /// <summary>Waits for <paramref name="task"/> at most <paramref name="limit"/>; true if it finished in time, whatever its outcome.</summary>
    private async Task<bool> Settle(Task task, TimeSpan limit)
    {
        try
        {
            await task.WaitAsync(limit, _clock).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception) when (task.IsCompleted)
        {
            // Its failure is read by whoever owns the task.
        }

        return true;
    }

    private static void Validate(ProcessSpec spec)
    {
        // Every wait in the runner is bounded by the wall limit, so it must be finite.
        if (spec.WallLimit <= TimeSpan.Zero || spec.WallLimit == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"process wall limit must be a positive, finite duration (got {spec.WallLimit}); set a timeout", nameof(spec));
        }

        if (spec.IdleLimit <= TimeSpan.Zero && spec.IdleLimit != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"process idle limit must be positive or infinite (got {spec.IdleLimit}); set an idle timeout", nameof(spec));
        }

        if (spec.KillGrace < TimeSpan.Zero)
        {
            throw new ArgumentException($"process kill grace must not be negative (got {spec.KillGrace}); use zero to kill at once", nameof(spec));
        }

        if (!Directory.Exists(spec.WorkingDirectory))
        {
            throw new DirectoryNotFoundException($"working directory \"{spec.WorkingDirectory}\" does not exist; create it or fix the path");
        }
    }

    /// <summary>The full path of the program, found the way a shell would, so a missing CLI fails with a clear message before anything starts.</summary>
    private static string ResolveExecutable(ProcessSpec spec)
    {
        var name = spec.FileName;
        if (name.Contains(Path.DirectorySeparatorChar) || name.Contains(Path.AltDirectorySeparatorChar))
        {
            var full = Path.GetFullPath(name, spec.WorkingDirectory);
            return File.Exists(full)
                ? full
                : throw new FileNotFoundException($"program \"{name}\" was not found at {full}; install it or fix its path", full);
        }

        var path = spec.Environment.TryGetValue("PATH", out var own) ? own : Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"program \"{name}\" was not found on PATH; install it or give its full path", name);
    }

    private static string? FindSetsid()
    {
        // setsid(1) is util-linux; elsewhere the runner falls back to killing the process tree it can see.
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        foreach (var candidate in (string[])["/usr/bin/setsid", "/bin/setsid"])
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>When either output stream last produced a line.</summary>
    private sealed class OutputActivity(long start)
    {
        private long _last = start;

        public long Last => Interlocked.Read(ref _last);

        public void Touch(long now) => Interlocked.Exchange(ref _last, now);
    }
}
