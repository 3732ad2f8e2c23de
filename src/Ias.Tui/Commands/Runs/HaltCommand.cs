using System.CommandLine;
using Ias.Core.Control;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Plans;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Tui.Commands.Runs;

/// <summary>`ias run-halt`: asks the running engine to stop, after the current phase or (--force) now.</summary>
public static class HaltCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force") { Description = "Stop the agent now instead of after the current phase" };
        var reason = new Option<string?>("--reason") { Description = "Why; kept in state.json and shown by run-status" };
        var jackOut = new Option<bool>("--jack-out")
        {
            Description = "End a HALTED run (or sprint plan) for good instead of resuming it: JACKED_OUT; its branch and draft PR stay",
        };
        var all = new Option<bool>("--all") { Description = "Halt every run at work in this repository, each in its own lane" };
        var cmd = new Command("run-halt", "Halt the running sprint (graceful: finish the current phase); same as `ias halt --run-mode`") { force, reason, jackOut, Cli.RunName, all };
        cmd.SetAction((pr, ct) =>
        {
            if (pr.GetValue(all))
            {
                return Task.FromResult(pr.GetValue(jackOut) || pr.GetValue(Cli.RunName) is not null
                    ? throw new RunModeException("--all halts every run at work, so it takes neither --run nor --jack-out; jack out one run at a time with `ias run-halt --run BRANCH --jack-out`")
                    : HaltAll(Cli.Paths(pr), pr.GetValue(reason), pr.GetValue(force)));
            }

            var paths = Cli.Lane(pr, "run-halt");
            var (current, unrecorded) = CurrentRun(paths);
            var run = current ?? throw new RunModeException($"no run in {paths.RepoRoot}: nothing to halt");
            var client = new EngineClient(paths, TimeProvider.System);
            if (pr.GetValue(jackOut))
            {
                return Task.FromResult(JackOut(client, pr.GetValue(reason)));
            }

            var halt = client.Halt(pr.GetValue(reason), pr.GetValue(force));
            if (!halt.Sent)
            {
                var named = paths.Naming(run.Branch);
                Console.WriteLine($"no engine is running; run {run.RunId} is {WireName.Of(run.State)} and stays so (continue it with `ias run-resume{named}`"
                    + (run.State == RunState.Halted || unrecorded ? $", or end it with `ias run-halt{named} --jack-out`)" : ")"));
                return Task.FromResult(1);
            }

            Console.WriteLine(pr.GetValue(force)
                ? $"forced halt sent to the engine ({halt.Engine}); it stops the agent now"
                : $"halt sent to the engine ({halt.Engine}); it stops after the current phase");
            return Task.FromResult(0);
        });
        return cmd;
    }

    /// <summary>`ias run-halt --all`: a halt to each lane whose engine is alive, a line for each; exit 1 when none was.</summary>
    private static int HaltAll(RunPaths repo, string? reason, bool force)
    {
        var sent = EngineClient.HaltEvery(repo, TimeProvider.System, reason, force);
        foreach (var run in sent.Select(lane => CurrentRun(lane).Run))
        {
            Console.WriteLine($"{(force ? "forced halt" : "halt")} sent to the run on {run?.Branch ?? "its lane"} ({run?.Target ?? "unknown"})");
        }

        if (sent.Count == 0)
        {
            Console.WriteLine($"no engine is running in {repo.RepoRoot}: nothing to halt");
        }

        return sent.Count == 0 ? 1 : 0;
    }

    /// <summary>HALTED → JACKED_OUT, in this process: refused while an engine is alive, since it may still be halting.</summary>
    private static int JackOut(EngineClient client, string? reason)
    {
        if (client.IsAlive(out var holder))
        {
            throw new RunModeException($"an engine ({holder}) is still running; halt it with `ias run-halt`, then `ias run-halt --jack-out` once it has stopped");
        }

        using var host = EngineHost.Open(client.Paths.RepoRoot, Console.WriteLine, resuming: true, lane: client.Paths.Lane);
        if (SprintPlanRunner.Resumable(client.Paths) is { State: RunState.Halted })
        {
            var plan = new SprintPlanRunner(host.Context).JackOut(reason);
            Console.WriteLine($"sprint plan {plan.PlanId} ENDED (JACKED_OUT): {Kept(plan.Branch, plan.PrUrl)}; `ias run` starts anew");
            return 0;
        }

        var run = new RunEngine(host.Context).JackOut(reason);
        // Where the checkout was left first, as `ias run` says it: the line that says what happened stays the last.
        if (Farewell.WayBack(client.Paths, run) is { } back)
        {
            foreach (var line in back)
            {
                Console.WriteLine(line);
            }
        }

        Console.WriteLine($"run {run.RunId} ENDED (JACKED_OUT): {Kept(run.Branch, run.PrUrl)}; `ias run` starts anew");

        return 0;
    }

    /// <summary>What an ended run leaves: its branch, and its draft PR only when it opened one.</summary>
    private static string Kept(string branch, string? prUrl) =>
        prUrl is null ? $"its branch {branch} stays" : $"its branch {branch} and its draft PR {prUrl} stay";

    /// <summary>The run in `.run/`'s files when ias.db has no record of it (the original tools'), otherwise ias.db's current run.</summary>
    private static (RunSnapshot? Run, bool Unrecorded) CurrentRun(RunPaths paths)
    {
        using var store = File.Exists(paths.Database) ? RunStore.Open(paths.Database) : null;
        var runs = store is null ? null : new RunRecords(store, paths.Lane);
        return UnrecordedRun.Find(paths, runs)?.Run is { } unrecorded ? (unrecorded, true) : (runs?.CurrentRun(), false);
    }
}
