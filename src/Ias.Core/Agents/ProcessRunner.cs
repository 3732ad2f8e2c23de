using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Ias.Core.Agents;

/// <summary>Runs an agent CLI as a child process in its own process group, streams its output by line, and kills the whole group at a limit or on cancellation.</summary>
public sealed class ProcessRunner
{
    private const int MaxLineChars = 32 * 1024 * 1024;

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
    }

    /// <summary>Runs <paramref name="spec"/> to its end and kills what it leaves running; line callbacks never run concurrently, and idle kills wait while <paramref name="resultArriving"/> is true.</summary>
    public async Task<ProcessOutcome> RunAsync(
        ProcessSpec spec,
        Func<string, ValueTask> onStdoutLine,
        Func<string, ValueTask> onStderrLine,
        Func<bool>? resultArriving,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(onStdoutLine);
        ArgumentNullException.ThrowIfNull(onStderrLine);
        Validate(spec);
        if (ct.IsCancellationRequested)
        {
            return new ProcessOutcome(null, TimedOut: false, IdledOut: false, Cancelled: true, TimeSpan.Zero);
        }

        var executable = ResolveExecutable(spec);
        using var process = new Process { StartInfo = StartInfo(spec, executable) };
        var started = _clock.GetTimestamp();
        var activity = new OutputActivity(started);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"could not start \"{executable}\": {e.Message}; check that it is executable", e);
        }

        // With setsid the child leads a new session, so its pid is also its process group id.
        var groupId = _setsid is null ? 0 : process.Id;
        spec.Started?.Invoke(process.Id);
        var callbacks = new SemaphoreSlim(1, 1);
        var stdin = WriteStdinAsync(process.StandardInput, spec.StdinText);
        Task[] pumps =
        [
            PumpAsync(process.StandardOutput, onStdoutLine, activity, callbacks, spec.IsProgress),
            PumpAsync(process.StandardError, onStderrLine, activity, callbacks, spec.IsProgress),
        ];
        var readers = Task.WhenAll(pumps);
        var exited = process.WaitForExitAsync(CancellationToken.None);

        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watch = WatchAsync(spec, started, activity, resultArriving, stopWatching.Token, ct);

        var reason = await FirstStopAsync(exited, watch, pumps).ConfigureAwait(false);
        if (reason != StopReason.None)
        {
            await KillAsync(process, groupId, exited, spec.KillGrace).ConfigureAwait(false);
        }
        else if (groupId != 0 && PosixSignals.GroupExists(groupId))
        {
            // The agent left background processes behind; they must not outlive the run.
            await TerminateLeftoversAsync(groupId, spec.KillGrace).ConfigureAwait(false);
        }

        await stopWatching.CancelAsync().ConfigureAwait(false);
        await Settle(watch, DrainLimit).ConfigureAwait(false);
        if (!await DrainAsync(readers, activity).ConfigureAwait(false) && groupId != 0)
        {
            PosixSignals.SignalGroup(groupId, PosixSignals.Kill);
            await Settle(readers, DrainLimit).ConfigureAwait(false);
        }

        await Settle(stdin, DrainLimit).ConfigureAwait(false);
        var elapsed = _clock.GetElapsedTime(started);

        if (readers.IsFaulted)
        {
            // A callback threw: the group is dead by now, so surface the consumer's error as it was.
            await readers.ConfigureAwait(false);
        }

        int? exitCode = reason == StopReason.None && process.HasExited ? process.ExitCode : null;
        return new ProcessOutcome(
            exitCode,
            TimedOut: reason == StopReason.Wall,
            IdledOut: reason == StopReason.Idle,
            Cancelled: reason == StopReason.Cancelled,
            elapsed);
    }

    private static async Task<StopReason> FirstStopAsync(Task exited, Task<StopReason> watch, Task[] pumps)
    {
        var pending = new List<Task> { exited, watch };
        pending.AddRange(pumps);
        while (true)
        {
            // Bounded: the watch always ends at the wall limit.
            var done = await Task.WhenAny(pending).ConfigureAwait(false);
            if (done == exited)
            {
                return StopReason.None;
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

    /// <summary>Waits for the output to be read to its end while lines keep coming; false if it stalls, which means a process outside the group holds a pipe.</summary>
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

    private async Task KillAsync(Process process, int groupId, Task exited, TimeSpan grace)
    {
        if (groupId != 0)
        {
            PosixSignals.SignalGroup(groupId, PosixSignals.Terminate);
            await Settle(exited, grace).ConfigureAwait(false);

            // Whatever ignored SIGTERM, or was slower than the grace, goes now; the leader's exit does not end its group.
            PosixSignals.SignalGroup(groupId, PosixSignals.Kill);
            await GoneAsync(groupId).ConfigureAwait(false);
        }
        else
        {
            KillTree(process);
        }

        await Settle(exited, DrainLimit).ConfigureAwait(false);
    }

    private async Task TerminateLeftoversAsync(int groupId, TimeSpan grace)
    {
        PosixSignals.SignalGroup(groupId, PosixSignals.Terminate);
        var since = _clock.GetTimestamp();
        while (PosixSignals.GroupExists(groupId) && _clock.GetElapsedTime(since) < grace)
        {
            await Task.Delay(GroupPoll, _clock).ConfigureAwait(false);
        }

        PosixSignals.SignalGroup(groupId, PosixSignals.Kill);
        await GoneAsync(groupId).ConfigureAwait(false);
    }

    // SIGKILL is delivered, not finished, when kill() returns: wait (briefly, bounded) until the group is really gone,
    // so no caller ever sees a process of a run that has ended.
    private async Task GoneAsync(int groupId)
    {
        var since = _clock.GetTimestamp();
        while (PosixSignals.GroupExists(groupId) && _clock.GetElapsedTime(since) < DrainLimit)
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

    private static async Task WriteStdinAsync(StreamWriter stdin, string? text)
    {
        try
        {
            if (text is not null)
            {
                await stdin.WriteAsync(text).ConfigureAwait(false);
                await stdin.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The child closed its stdin or died before reading all of it; its exit tells the story.
        }
        finally
        {
            // Closing matters: some CLIs wait for end of input before they start.
            try
            {
                stdin.Close();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The pipe is already broken.
            }
        }
    }

    private async Task PumpAsync(StreamReader reader, Func<string, ValueTask> onLine, OutputActivity activity, SemaphoreSlim callbacks, Func<string, bool>? isProgress)
    {
        var buffer = new char[16 * 1024];
        var line = new StringBuilder();
        while (true)
        {
            int read;
            try
            {
                read = await reader.ReadAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != '\n')
                {
                    continue;
                }

                line.Append(buffer, start, i - start);
                await EmitAsync(line, onLine, activity, callbacks, isProgress).ConfigureAwait(false);
                start = i + 1;
            }

            line.Append(buffer, start, read - start);

            // A runaway line without newlines must not exhaust memory; it is passed on in pieces.
            if (line.Length >= MaxLineChars)
            {
                await EmitAsync(line, onLine, activity, callbacks, isProgress).ConfigureAwait(false);
            }
        }

        if (line.Length > 0)
        {
            await EmitAsync(line, onLine, activity, callbacks, isProgress).ConfigureAwait(false);
        }
    }

    private async Task EmitAsync(StringBuilder line, Func<string, ValueTask> onLine, OutputActivity activity, SemaphoreSlim callbacks, Func<string, bool>? isProgress)
    {
        var length = line.Length > 0 && line[^1] == '\r' ? line.Length - 1 : line.Length;
        var text = line.ToString(0, length);
        line.Clear();

        // A CLI retrying on its own ("Reconnecting... waiting for network") is talking, not working: it must not hold off the idle limit (issue 3 §4).
        var progress = isProgress?.Invoke(text) ?? true;
        if (progress)
        {
            activity.Touch(_clock.GetTimestamp());
        }

        await callbacks.WaitAsync().ConfigureAwait(false);
        try
        {
            await onLine(text).ConfigureAwait(false);
        }
        finally
        {
            callbacks.Release();

            // The child cannot write while our consumer is busy, so time spent in the callback is not the child's silence.
            if (progress)
            {
                activity.Touch(_clock.GetTimestamp());
            }
        }
    }

    private ProcessStartInfo StartInfo(ProcessSpec spec, string executable)
    {
        var info = new ProcessStartInfo
        {
            FileName = _setsid ?? executable,
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };

        if (_setsid is not null)
        {
            // --wait only matters if setsid has to fork, which it does not for a fresh child; it keeps the exit code honest if it ever does.
            info.ArgumentList.Add("--wait");
            info.ArgumentList.Add(executable);
        }

        foreach (var arg in spec.Args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        return info;
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
