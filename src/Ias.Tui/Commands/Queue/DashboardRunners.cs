using System.Diagnostics;
using Ias.Core.Config;
using Ias.Core.Jobs.Records;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Dashboard;

namespace Ias.Tui.Commands.Queue;

/// <summary>
/// The dashboard's u and x for the checkout at <paramref name="root"/>: u starts a queue run's runner as `ias run-loop
/// --detach` does, x stops it as `ias stop` does; every failure is the footer's one line.
/// </summary>
public sealed class DashboardRunners(string root) : IRunnerControl
{
    private (Process Process, QueuePaths Paths)? _started;

    public string Start(QueueSnapshot queue) => Say(() =>
    {
        var run = (queue ?? throw new ArgumentNullException(nameof(queue))).Run.Name;
        // The runner opens its own queue, store and lock: this look is closed before it starts.
        QueuePaths paths;
        using (var host = QueueHost.Open(root, run, quiet: true))
        {
            paths = host.Queue.Paths;
        }

        if (EngineLock.IsHeld(paths.Lock, out var holder))
        {
            return $"the runner of {run} is already at work in this checkout ({holder}): x stops it";
        }

        var runner = RunnerLauncher.Start(paths, []);
        Forget();
        _started = (runner, paths);
        return $"runner of {run} starting detached (pid {runner.Id}); its log: {Path.GetRelativePath(root, paths.RunnerLog)}";
    });

    public string Stop(QueueSnapshot queue) => Say(() =>
    {
        using var host = QueueHost.Open(root, (queue ?? throw new ArgumentNullException(nameof(queue))).Run.Name, quiet: true);
        return QueueControlCommand.Stop(host).Line;
    });

    public string? Exited()
    {
        if (_started is not { Process.HasExited: true } started)
        {
            return null;
        }

        var code = started.Process.ExitCode;
        Forget();
        var last = LogTail.LastLine(started.Paths.RunnerLog);
        return code == 0 ? null : $"the runner of {started.Paths.Run} stopped (exit {code}){(last is null ? "" : $": {last}")}";
    }

    private void Forget()
    {
        _started?.Process.Dispose();
        _started = null;
    }

    private static string Say(Func<string> act)
    {
        try
        {
            return act();
        }
        catch (Exception e) when (e is QueueException or ConfigException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
