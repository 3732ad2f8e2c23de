using System.CommandLine;
using Ias.Core.Cycles;
using Ias.Core.StateMachines;

namespace Ias.Tui.Commands;

/// <summary>`ias run sprint-N`: jack in and run the sprint to a verdict, a trip or a halt.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "The sprint to run, e.g. sprint-1" };
        var maxCycles = new Option<int?>("--max-cycles") { Description = "Maximum cycles (default: run_mode.defaults.max_cycles, 20)" };
        var timeout = new Option<double?>("--timeout") { Description = "Maximum runtime in hours (default: run_mode.defaults.timeout_hours, 8)" };
        var branch = new Option<string?>("--branch") { Description = "Feature branch (default: the current one, or <branch_prefix><target> when on a protected branch)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Run pre-flight and print the plan; call no agent" };
        var local = new Option<bool>("--local") { Description = "Keep everything local: no push, no PR" };
        var confirmPush = new Option<bool>("--confirm-push") { Description = "Ask before any remote operation" };
        var agent = new Option<string?>("--agent") { Description = "Agent for every role: claude, codex, gemini, custom or sim" };
        var headless = new Option<bool>("--headless") { Description = "Plain progress lines instead of the dashboard" };
        var cmd = new Command("run", "Run a sprint autonomously: implement → review → audit until all pass")
        {
            target, maxCycles, timeout, branch, dryRun, local, confirmPush, agent, headless,
        };
        cmd.SetAction((pr, ct) => Cli.Guard(async () =>
        {
            using var host = EngineHost.Open(pr.GetValue(Cli.Repo)!, Console.WriteLine);
            PrintWarnings(host);
            var cfg = host.Context.Config.RunMode;
            var request = new StartRequest(
                pr.GetValue(target)!,
                new RunOptions(
                    pr.GetValue(maxCycles) ?? cfg.MaxCycles,
                    pr.GetValue(timeout) ?? cfg.TimeoutHours,
                    pr.GetValue(dryRun),
                    pr.GetValue(local),
                    pr.GetValue(confirmPush),
                    pr.GetValue(agent)),
                pr.GetValue(branch));
            var engine = new RunEngine(host.Context) { ConfirmPush = PushPrompt.Ask };
            if (request.Options.DryRun)
            {
                var plan = engine.Preflight(request);
                Console.WriteLine("dry run: pre-flight passed; no agent was called and nothing was changed");
                foreach (var line in plan.Describe())
                {
                    Console.WriteLine("  " + line);
                }

                return 0;
            }

            if (!pr.GetValue(headless) && EngineLauncher.Interactive)
            {
                // Jack-in errors belong on this terminal; then the engine leaves in its own session and the dashboard attaches.
                engine.Preflight(request);
                var started = EngineLauncher.Start(host.Context.Paths, EngineArgs(request));
                return await DisplayOptions.App(pr, host.Context.RepoRoot).RunAsync(ct, started);
            }

            using var signals = EngineSignals.HaltOn(host.Context.Paths);
            var run = await engine.StartAsync(request, ct);
            return Summarise(run);
        }));
        DisplayOptions.AddTo(cmd);
        return cmd;
    }

    /// <summary>The `ias run` arguments that start the same run again in a detached engine.</summary>
    public static IEnumerable<string> EngineArgs(StartRequest r)
    {
        yield return "run";
        yield return r.Target;
        yield return "--max-cycles";
        yield return r.Options.MaxCycles.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--timeout";
        yield return r.Options.TimeoutHours.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (r.Branch is { } b)
        {
            yield return "--branch";
            yield return b;
        }

        if (r.Options.Local)
        {
            yield return "--local";
        }

        if (r.Options.ConfirmPush)
        {
            yield return "--confirm-push";
        }

        if (r.Options.Agent is { } a)
        {
            yield return "--agent";
            yield return a;
        }
    }

    public static void PrintWarnings(EngineHost host)
    {
        foreach (var w in host.Warnings)
        {
            Console.Error.WriteLine($"ias: warning: {w}");
        }
    }

    /// <summary>One closing line, and the exit code: 0 finished, 1 halted.</summary>
    public static int Summarise(RunSnapshot run)
    {
        Console.WriteLine(
            $"{run.RunId} {WireName.Of(run.State)} after {run.CycleCurrent} cycle(s): {run.Commits} commit(s), {run.FilesChanged} file change(s), {run.FindingsFixed} finding(s) fixed"
            + (run.HaltReason is null ? "" : $" — {run.HaltReason}"));
        return run.State is RunState.JackedOut or RunState.Complete ? 0 : 1;
    }
}
