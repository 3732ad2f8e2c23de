using System.CommandLine;
using System.Runtime.InteropServices;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Git;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Runner;
using Ias.Core.Jobs.Store;
using Ias.Core.Processes;
using Ias.Core.Safety.Secrets;
using Ias.Core.Storage;
using Ias.Tui.Commands.Runs;

namespace Ias.Tui.Commands.Queue;

/// <summary>`ias run-once` and `ias run-loop`: the hybrid runner in this process, one runner per run; `run-loop --detach` starts it in a session of its own.</summary>
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
        var detach = new Option<bool>("--detach")
        {
            Description = "Start the runner in a session of its own, its output in the run's runner/runner.log, and return: closing the terminal does not stop it",
        };
        var cmd = new Command("run-loop", "Run a run's jobs one at a time until `ias stop` (or, with --stop-when-idle, until none is pending)") { idle, detach, Cli.NoSandbox, ResetBreaker };
        var run = QueueHost.AddRunOptions(cmd);
        cmd.SetAction((pr, ct) => pr.GetValue(detach)
            ? DetachAsync(pr, run, [
                .. pr.GetValue(idle) ? ["--stop-when-idle"] : Array.Empty<string>(),
                .. pr.GetValue(Cli.NoSandbox) ? ["--no-sandbox"] : Array.Empty<string>(),
                .. pr.GetValue(ResetBreaker) ? ["--reset-breaker"] : Array.Empty<string>()], ct)
            : RunAsync(pr, run, loop: true, pr.GetValue(idle), ct));
        return cmd;
    }

    /// <summary>
    /// `ias run-loop --detach`: the runner started as `ias run-loop` in a session of its own; one line once it holds the run
    /// (its pid and log), or, when it stopped as it started, why (exit 2).
    /// </summary>
    private static async Task<int> DetachAsync(ParseResult pr, (Option<string?>, Option<bool>) run, string[] args, CancellationToken ct)
    {
        QueuePaths paths;
        using (var host = QueueHost.Open(pr, run, adopt: true))
        {
            paths = host.Queue.Paths;
            if (Core.Storage.EngineLock.IsHeld(paths.Lock, out var holder))
            {
                throw new QueueException($"run {paths.Run} already has a runner ({holder}); stop it with `ias stop --run {paths.Run}` before starting another");
            }
        }

        using var runner = RunnerLauncher.Start(paths, args);
        if (await RunnerLauncher.StartedAsync(paths, runner, ct) is { } exit)
        {
            throw new QueueException($"the detached runner of {paths.Run} stopped as it started (exit {exit.Code}){(exit.LastLine is { } why ? $": {why}" : "")}; its whole log is {paths.RunnerLog}");
        }

        Console.WriteLine($"runner of {paths.Run} started detached (pid {runner.Id}); its log: {paths.RunnerLog}");
        return 0;
    }

    private static Option<bool> ResetBreaker { get; } = new("--reset-breaker") { Description = "Reset the run's tripped circuit breaker (HALF_OPEN until one job is done), then run" };

    private static async Task<int> RunAsync(ParseResult pr, (Option<string?>, Option<bool>) run, bool loop, bool stopWhenIdle, CancellationToken commandToken)
    {
        // Asked once the runner has let go of its run: a runner that ran a job (or was interrupted, perhaps at one) may have
        // been the last one at work; one that found nothing to run changed nothing of the night.
        var (code, worked) = await WorkAsync(pr, run, loop, stopWhenIdle, commandToken);
        if (worked is var (paths, config, name))
        {
            await NightEndNotice.TellIfLastAsync(paths, config, name);
        }

        return code;
    }

    /// <summary>The runner's work, and the checkout, configuration and run to tell the night's end for; none when it ran no job.</summary>
    private static async Task<(int Code, (RunPaths, LoaConfig, string)? Worked)> WorkAsync(
        ParseResult pr, (Option<string?>, Option<bool>) run, bool loop, bool stopWhenIdle, CancellationToken commandToken)
    {
        // SIGTERM (kill, systemd, a reboot) and Ctrl-C stop the agent and put its job back, rather than ending the process mid-job.
        // SIGHUP (the terminal closed, the SSH connection dropped) stops the agent too and hands its job back uncounted.
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(commandToken);
        var hungUp = false;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            hungUp = true;
            Interrupt(context);
        });
        var ct = interrupted.Token;
        using var host = QueueHost.Open(pr, run, adopt: true);
        // Counted before the lock: `ias stop` asks once it sees the lock held, so a stop from then on is this runner's.
        var stopsBefore = host.Queue.State.Stops;
        using var held = await host.TakeRunnerAsync(loop ? "run-loop" : "run-once", ct);
        // From here on a database that goes away is waited for, keeping the job's work, up to ias.queue.outage_minutes.
        var outage = new QueueOutage(host.Config.Queue.OutageLimit, TimeProvider.System, new Random());
        var queue = host.Riding(outage, ct);
        File.Delete(queue.Paths.Outage);
        // Only jobs whose agent this box can start are claimed: the others wait for a runner that can.
        queue.Agents = RunnerAgents.Found(AgentAdapters.Builtin);
        // A stop asked before this runner started is not its own: it was asked of a runner that died before seeing it, or of
        // the team's runners at work then, who still stop for it.
        queue.StartRunner(host.Owner, stopsBefore);
        var output = new RunnerOutput();
        using var awake = KeepAwake(host, output);
        output.Line($"runner of {queue.Run} started ({host.Owner})");
        output.Line($"runner of {queue.Run} claims jobs of the agents found here: {queue.Agents}");
        await using var runner = new JobRunner(queue, host.Invoker(pr.GetValue(Cli.NoSandbox)), host.Config, new GitCli(host.Root), TimeProvider.System, host.Owner, host.Local, line => output.Line(SecretRedactor.InertLine(line)))
        {
            HoldsRun = () => held.Renew(host.Owner),
        };
        outage.Told = runner.Told;
        if (loop && pr.GetValue(ResetBreaker) && runner.Gate.Reset())
        {
            output.Line($"circuit breaker of {queue.Run} reset by --reset-breaker: HALF_OPEN until one job is done");
        }

        var worked = (new RunPaths(host.Root), host.Config, queue.Run);
        try
        {
            if (loop)
            {
                var ran = await runner.RunLoopAsync(stopWhenIdle, ct);
                return (runner.StoppedBy is null ? 0 : 1, ran > 0 ? worked : null);
            }

            var job = await runner.RunOnceAsync(ct);
            if (job is null)
            {
                if (runner.StoppedBy is null)
                {
                    output.Line($"no job of {queue.Run} is due; nothing run");
                }

                return (1, null);
            }

            return (runner.StoppedBy is null && job.State == JobState.Done ? 0 : 1, worked);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Interrupted(host, output, hungUp);
            return (1, worked);
        }

        void Interrupt(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupted.Cancel();
        }
    }

    /// <summary>
    /// Keeps the machine awake while the runner works (ias.keep_awake); when it cannot, a detached runner says so in one line
    /// of its log, and one at a terminal says nothing.
    /// </summary>
    private static SleepInhibitor? KeepAwake(QueueHost host, RunnerOutput output)
    {
        if (!host.Config.KeepAwake)
        {
            return null;
        }

        var detached = EngineLauncher.LogsTo(host.Queue.Paths.RunnerLog);
        return SleepInhibitor.Hold($"ias: the runner of {host.Queue.Run} is working in {host.Root}", line =>
        {
            if (detached)
            {
                output.Line($"ias: {line}");
            }
        });
    }

    /// <summary>
    /// The runner was interrupted and its agent stopped: its job goes back to pending. After Ctrl-C or SIGTERM the attempt is
    /// recorded, as a person or the system chose to end it; after SIGHUP it is not counted, since nobody chose anything but
    /// to close a terminal, and the next runner must not pay an attempt for it.
    /// </summary>
    private static void Interrupted(QueueHost host, RunnerOutput output, bool hungUp)
    {
        var queue = host.Queue;
        var returned = hungUp
            ? queue.HandBack("the runner's terminal closed (SIGHUP); the attempt is not counted", host.OwnedHere)
            : queue.Recover("the runner was interrupted", host.OwnedHere);
        foreach (var job in returned)
        {
            output.Line($"job {job.Id} back to {job.State.ToString().ToLowerInvariant()}{(hungUp ? ", its attempt not counted" : "")}");
        }

        queue.SetRunner(RunnerStatus.Stopped, null, reporter: host.Owner);
    }
}
