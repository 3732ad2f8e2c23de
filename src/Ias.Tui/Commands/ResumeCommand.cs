using System.CommandLine;
using Ias.Core.Cycles;
using Ias.Core.Plans;
using Ias.Core.Storage;

namespace Ias.Tui.Commands;

/// <summary>`ias run-resume`: continue the current run from its checkpoint, here in this process.</summary>
public static class ResumeCommand
{
    public static Command Create()
    {
        var resetIce = new Option<bool>("--reset-ice") { Description = "Reset a tripped circuit breaker (HALF_OPEN until one cycle succeeds)" };
        var force = new Option<bool>("--force") { Description = "Resume even with uncommitted changes; they join the next implement commit" };
        var headless = new Option<bool>("--headless") { Description = "Plain progress lines instead of the dashboard" };
        var cmd = new Command("run-resume", "Continue a halted, tripped or interrupted run") { resetIce, force, headless };
        DisplayOptions.AddTo(cmd);
        cmd.SetAction((pr, ct) => Cli.Guard(async () =>
        {
            var repo = pr.GetValue(Cli.Repo)!;
            var paths = new RunPaths(Path.GetFullPath(repo));
            if (EngineLock.IsHeld(paths.EngineLock, out var holder))
            {
                // The engine is alive: a resume can only take back a graceful halt it has not acted on yet.
                using var store = RunStore.Open(paths.Database);
                store.RequestControl(ControlKind.Resume, TimeProvider.System.GetUtcNow());
                Console.WriteLine($"the engine ({holder}) is still running; resume sent, which cancels a pending graceful halt");
                return 0;
            }

            if (!pr.GetValue(headless) && EngineLauncher.Interactive)
            {
                var args = new List<string> { "run-resume" };
                if (pr.GetValue(resetIce))
                {
                    args.Add("--reset-ice");
                }

                if (pr.GetValue(force))
                {
                    args.Add("--force");
                }

                var started = EngineLauncher.Start(paths, args);
                return await DisplayOptions.App(pr, repo).RunAsync(ct, started);
            }

            using var host = EngineHost.Open(repo, Console.WriteLine);
            RunCommand.PrintWarnings(host);
            using var signals = EngineSignals.HaltOn(host.Context.Paths);
            if (SprintPlanRunner.Resumable(host.Context.Paths) is not null)
            {
                var runner = new SprintPlanRunner(host.Context) { ConfirmPush = PushPrompt.Ask };
                return RunCommand.Summarise(await runner.ResumeAsync(pr.GetValue(resetIce), pr.GetValue(force), ct));
            }

            var run = await new RunEngine(host.Context) { ConfirmPush = PushPrompt.Ask }.ResumeAsync(pr.GetValue(resetIce), pr.GetValue(force), ct);
            return RunCommand.Summarise(run);
        }));
        return cmd;
    }
}
