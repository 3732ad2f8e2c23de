using System.CommandLine;
using Ias.Core.Bugs;
using Ias.Core.Control;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Plans;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Tui.Dashboard;

namespace Ias.Tui.Commands.Runs;

/// <summary>`ias run-resume`: continue the current run from its checkpoint, here in this process.</summary>
public static class ResumeCommand
{
    public static Command Create()
    {
        var resetIce = new Option<bool>("--reset-ice") { Description = "Reset a tripped circuit breaker (HALF_OPEN until one cycle succeeds)" };
        var force = new Option<bool>("--force") { Description = "Resume even with uncommitted changes; they join the next implement commit" };
        var headless = new Option<bool>("--headless") { Description = "Plain progress lines instead of the dashboard" };
        var reload = new Option<bool>("--reload-config")
        {
            Description = "Take .loa.config.yaml and .ias/prompts/ as they are now instead of the copy the run took at jack-in; prints what changed and asks first",
        };
        var yes = new Option<bool>("--yes") { Description = "With --reload-config: take the files without asking (required when not at a terminal)" };
        var cmd = new Command(
            "run-resume",
            "Continue a halted, tripped or interrupted run, with the configuration and prompts it took at jack-in (--reload-config takes the current files); same as `ias resume --run-mode`")
        {
            resetIce, force, headless, reload, yes, Cli.NoSandbox, Cli.RunName,
        };
        DisplayOptions.AddTo(cmd);
        cmd.SetAction(async (pr, ct) =>
        {
            var repo = pr.GetValue(Cli.Repo)!;
            var paths = Cli.Lane(pr, "run-resume");
            if (pr.GetValue(yes) && !pr.GetValue(reload))
            {
                throw new RunModeException("--yes only confirms --reload-config: `ias run-resume --reload-config --yes`");
            }

            // Asked here, at the user's terminal, before an engine may start detached from it.
            if (pr.GetValue(reload) && !InputsReload.Run(paths, pr.GetValue(yes), PushPrompt.Ask, TimeProvider.System))
            {
                return 1;
            }

            // A bug halted at triage made no run to resume; its halt says what to do instead. The bugs' files come first, so
            // only a repository with such a bug pays for a whole snapshot (which reads ias.db strictly) before resuming.
            if (BugStateFile.Latest(paths) is { RunId: null, State: BugState.Halted }
                && SnapshotReader.Once(paths, TimeProvider.System) is { Status.Run: null, Bug: { State: BugState.Halted } bug })
            {
                throw new RunModeException($"bug {bug.BugId} halted at triage ({bug.HaltReason ?? "no reason given"}); {BugRunner.AfterHalt(bug)}");
            }

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
                    return await DisplayOptions.Watch(pr, repo, ct, () => resume.Engine, DashboardTarget.RunMode with { Lane = paths.Lane });
                case ResumeResult.Leaving:
                    throw new RunModeException($"the engine ({resume.Holder}) stopped the run but has not exited yet; run `ias run-resume` again in a moment");
            }

            return await ResumeHereAsync(paths, pr.GetValue(Cli.NoSandbox), pr.GetValue(resetIce), pr.GetValue(force), ct);
        });
        return cmd;
    }

    /// <summary>The resume in this process: a sprint plan, a bug in its PR's validation, or the run; then the night's end if it was the last at work.</summary>
    private static async Task<int> ResumeHereAsync(RunPaths lane, bool noSandbox, bool resetIce, bool force, CancellationToken ct)
    {
        using var host = EngineHost.Open(lane.RepoRoot, Console.WriteLine, noSandbox, resuming: true, lane: lane.Lane);
        RunCommand.PrintWarnings(host);
        using var signals = EngineSignals.HaltOn(host.Context.Paths);
        using var awake = host.KeepAwake("a resumed run");
        if (SprintPlanRunner.Resumable(host.Context.Paths) is not null)
        {
            var plan = await new SprintPlanRunner(host.Context) { ConfirmPush = PushPrompt.Ask }.ResumeAsync(resetIce, force, ct);
            await RunCommand.TellPlanEndAsync(host, plan);
            return RunCommand.Summarise(plan);
        }

        // A bug run is not resumed, except in the post-PR validation of its draft PR, which goes on where it stopped.
        if (BugRunner.Resumable(host.Context) is { } validating)
        {
            var bug = await new BugRunner(host.Context) { ConfirmPush = PushPrompt.Ask }.ResumeAsync(validating, resetIce, force, ct);
            await NightEndNotice.TellRunEndAsync(host.Context, bug.RunId, bug.RunId ?? bug.BugId);
            return RunCommand.Summarise(bug);
        }

        var run = await new RunEngine(host.Context) { ConfirmPush = PushPrompt.Ask }.ResumeAsync(resetIce, force, ct);
        await NightEndNotice.TellRunEndAsync(host.Context, run.RunId, run.RunId);
        return RunCommand.Summarise(run, host.Context.Paths);
    }
}
