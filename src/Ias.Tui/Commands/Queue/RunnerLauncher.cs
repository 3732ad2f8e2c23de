using System.Diagnostics;
using Ias.Core.Jobs.Records;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Commands.Runs;

namespace Ias.Tui.Commands.Queue;

/// <summary>
/// Starts a queue run's runner (`ias run-loop`) detached, as an engine is started: its own session, no terminal, its output
/// appended to the run's runner.log; and tells whether it took the run or stopped at once.
/// </summary>
public static class RunnerLauncher
{
    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(50);

    /// <summary>Starts `ias run-loop --run RUN ARGS` detached, with its output in <see cref="QueuePaths.RunnerLog"/>.</summary>
    public static Process Start(QueuePaths paths, IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.PrepareRunnerLog() is { } problem)
        {
            throw new QueueException($"the runner of {paths.Run} cannot write its log: {problem}");
        }

        return EngineLauncher.Launch(paths.RepoRoot, paths.RunnerLog, ["run-loop", "--run", paths.Run, .. args]);
    }

    /// <summary>
    /// Waits until <paramref name="runner"/> holds the run's lock (null: it runs) or has exited (its exit code and the log's
    /// last line, which says why), however long a busy machine takes to start it.
    /// </summary>
    public static async Task<RunnerExit?> StartedAsync(QueuePaths paths, Process runner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(runner);
        using var timer = new PeriodicTimer(Look);
        while (true)
        {
            if (Holds(paths, runner.Id))
            {
                return null;
            }

            if (runner.HasExited)
            {
                // It may have taken the run and let it go between two looks (an empty queue with --stop-when-idle): its log says so.
                var last = LogTail.LastLine(paths.RunnerLog);
                return runner.ExitCode == 0 ? null : new RunnerExit(runner.ExitCode, last);
            }

            await timer.WaitForNextTickAsync(ct);
        }
    }

    /// <summary>Whether the runner of pid <paramref name="pid"/> holds the run's lock now.</summary>
    public static bool Holds(QueuePaths paths, int pid)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return EngineLock.IsHeld(paths.Lock, out var holder) && holder?.StartsWith($"pid {pid} ", StringComparison.Ordinal) == true;
    }
}
