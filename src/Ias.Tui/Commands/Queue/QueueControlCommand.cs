using System.CommandLine;
using Ias.Core.Storage;

namespace Ias.Tui.Commands.Queue;

/// <summary>`ias stop`, `ias recover` and `ias retry-failed`: steering a run's queue from outside the runner.</summary>
public static class QueueControlCommand
{
    public static Command CreateStop()
    {
        var cmd = new Command("stop", "Ask a run's runner to stop after its current job; same as `ias halt --run NAME`");
        var run = QueueHost.AddRunOptions(cmd);
        cmd.SetAction((pr, ct) =>
        {
            using var host = QueueHost.Open(pr, run);
            var (sent, line) = Stop(host);
            Console.WriteLine(line);
            return Task.FromResult(sent ? 0 : 1);
        });
        return cmd;
    }

    /// <summary>
    /// `ias stop` (and the dashboard's x): the run's runner stops after its current job; whether a stop was sent, and the line
    /// saying so. On a team's shared queue every runner of the run stops, whichever checkout asks: the team's runners are the
    /// ones the queue lists as active, wherever they run, not the one this checkout's lock may name.
    /// </summary>
    public static (bool Sent, string Line) Stop(QueueHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Queue.Shared)
        {
            var active = host.Queue.Runners.Where(r => r.Active).Select(r => r.Owner).ToList();
            if (active.Count == 0)
            {
                return (false, $"no runner of the team is working on {host.Queue.Run}: nothing to stop");
            }

            host.Queue.RequestStop();
            return (true, $"stop sent to the {active.Count} runner(s) of {host.Queue.Run} ({string.Join("; ", active)}); each stops after its current job");
        }

        if (!EngineLock.IsHeld(host.Queue.Paths.Lock, out var holder))
        {
            return (false, $"no runner is working on {host.Queue.Run}: nothing to stop");
        }

        host.Queue.RequestStop();
        return (true, $"stop sent to the runner of {host.Queue.Run} ({holder}); it stops after its current job");
    }

    public static Command CreateRecover()
    {
        var cmd = new Command("recover", "Return jobs stuck in running after a crash to pending, and stop an agent the crash left behind");
        var run = QueueHost.AddRunOptions(cmd);
        cmd.SetAction(async (pr, ct) =>
        {
            using var host = QueueHost.Open(pr, run);
            using (await host.TakeRunnerAsync("recover", ct))
            {
                Console.WriteLine($"queue of {host.Queue.Run} recovered; continue with `ias run-loop --run {host.Queue.Run}`");
            }

            return 0;
        });
        return cmd;
    }

    public static Command CreateRetryFailed()
    {
        var reset = new Option<bool>("--reset-attempts") { Description = "Start the jobs' attempts again from zero" };
        var cmd = new Command("retry-failed", "Move a run's failed jobs back to pending") { reset };
        var run = QueueHost.AddRunOptions(cmd);
        cmd.SetAction((pr, ct) =>
        {
            using var host = QueueHost.Open(pr, run);
            var count = host.Queue.RetryFailed(pr.GetValue(reset));
            Console.WriteLine($"{count} failed job(s) of {host.Queue.Run} back to pending");
            return Task.FromResult(0);
        });
        return cmd;
    }
}
