using System.CommandLine;
using System.Runtime.InteropServices;
using Ias.Core.Safety;
using Ias.Core.Git;
using Ias.Core.Jobs;

namespace Ias.Tui.Commands;

/// <summary>`ias run-once` and `ias run-loop`: the hybrid runner in this process, one runner per run.</summary>
public static class RunnerCommand
{
    public static Command CreateOnce()
    {
        var cmd = new Command("run-once", "Run the next due job of a run's queue, then stop") { Cli.NoSandbox };
        var run = QueueHost.AddRunOptions(cmd);
        cmd.SetAction((pr, ct) => RunAsync(pr, run, loop: false, stopWhenIdle: true, ct));
        return cmd;
    }

    public static Command CreateLoop()
    {
        var idle = new Option<bool>("--stop-when-idle") { Description = "Stop when no job is pending, instead of waiting for more" };
        var cmd = new Command("run-loop", "Run a run's jobs one at a time until `ias stop` (or, with --stop-when-idle, until none is pending)") { idle, Cli.NoSandbox, ResetBreaker };
        var run = QueueHost.AddRunOptions(cmd);
        cmd.SetAction((pr, ct) => RunAsync(pr, run, loop: true, pr.GetValue(idle), ct));
        return cmd;
    }

    private static Option<bool> ResetBreaker { get; } = new("--reset-breaker") { Description = "Reset the run's tripped circuit breaker (HALF_OPEN until one job is done), then run" };

    private static async Task<int> RunAsync(ParseResult pr, (Option<string?>, Option<bool>) run, bool loop, bool stopWhenIdle, CancellationToken commandToken)
    {
        // SIGTERM (kill, systemd, a reboot) and Ctrl-C stop the agent and put its job back, rather than ending the process mid-job.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(commandToken);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        var ct = interrupted.Token;
        using var host = QueueHost.Open(pr, run);
        var queue = host.Queue;
        using var held = await host.TakeRunnerAsync(loop ? "run-loop" : "run-once", ct);
        // A stop asked of a runner that died before seeing it must not stop this one at once.
        queue.SetRunner(RunnerStatus.Idle, host.Owner, clearStop: true);
        Console.WriteLine($"runner of {queue.Run} started ({host.Owner})");
        await using var runner = new JobRunner(queue, host.Invoker(pr.GetValue(Cli.NoSandbox)), host.Config, new GitCli(host.Root), TimeProvider.System, host.Owner, host.Local, line => Console.WriteLine(SecretRedactor.InertLine(line)));
        if (loop && pr.GetValue(ResetBreaker) && runner.Gate.Reset())
        {
            Console.WriteLine($"circuit breaker of {queue.Run} reset by --reset-breaker: HALF_OPEN until one job is done");
        }

        try
        {
            if (loop)
            {
                await runner.RunLoopAsync(stopWhenIdle, ct);
                return runner.StoppedBy is null ? 0 : 1;
            }

            var job = await runner.RunOnceAsync(ct);
            if (runner.StoppedBy is not null)
            {
                return 1;
            }

            if (job is null)
            {
                Console.WriteLine($"no job of {queue.Run} is due; nothing run");
                return 1;
            }

            return job.State == JobState.Done ? 0 : 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Interrupted (Ctrl-C, SIGTERM): the agent was stopped, so its job goes back to pending with the attempt recorded.
            foreach (var job in queue.Recover("the runner was interrupted", host.OwnedHere))
            {
                Console.WriteLine($"job {job.Id} back to {job.State.ToString().ToLowerInvariant()}");
            }

            queue.SetRunner(RunnerStatus.Stopped, null, reporter: host.Owner);
            return 1;
        }

        void Interrupt(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupted.Cancel();
        }
    }
}
