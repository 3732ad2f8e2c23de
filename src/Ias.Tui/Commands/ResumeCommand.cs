using System.CommandLine;
using Ias.Core.Control;
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
        var cmd = new Command("run-resume", "Continue a halted, tripped or interrupted run") { resetIce, force, headless, Cli.NoSandbox };
        DisplayOptions.AddTo(cmd);
        cmd.SetAction((pr, ct) => Cli.Guard(async () =>
        {
            var repo = pr.GetValue(Cli.Repo)!;
            var paths = new RunPaths(Path.GetFullPath(repo));

            // At a terminal a resume with no engine alive starts one in its own session and the dashboard attaches;
            // otherwise the engine resumes here, in this process.
            var detach = !pr.GetValue(headless) && EngineLauncher.Interactive;
            var resume = new EngineClient(paths, TimeProvider.System)
                .Resume(new ResumeRequest(pr.GetValue(resetIce), pr.GetValue(force), pr.GetValue(Cli.NoSandbox)), detach ? EngineLauncher.Detached : null);
            switch (resume.Result)
            {
                case ResumeResult.Sent:
                    // The engine is alive: a resume can only take back a graceful halt it has not acted on yet.
                    Console.WriteLine($"the engine ({resume.Holder}) is still running; resume sent, which cancels a pending graceful halt");
                    return 0;
                case ResumeResult.Started:
                    return await DisplayOptions.App(pr, repo).RunAsync(ct, resume.Engine);
            }

            using var host = EngineHost.Open(repo, Console.WriteLine, pr.GetValue(Cli.NoSandbox));
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
