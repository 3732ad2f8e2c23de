using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Plans;
using Ias.Core.Storage;

namespace Ias.Tui.Commands.Runs;

/// <summary>
/// `ias run-resume --reload-config`: the run (or sprint plan) about to be resumed gives up the copy of ias's inputs it
/// took at jack-in for the files as they are now, after the difference is shown and, at a terminal, confirmed.
/// </summary>
public static class InputsReload
{
    /// <summary>Replaces the copy, or leaves it when the user says no (false). <paramref name="ask"/> returns null when there is no one to ask.</summary>
    public static bool Run(RunPaths paths, bool yes, Func<string, bool?> ask, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(ask);
        ArgumentNullException.ThrowIfNull(clock);
        if (EngineLock.IsHeld(paths.EngineLock, out var holder))
        {
            throw new RunModeException(
                $"the engine ({holder ?? "unknown owner"}) is running with its own copy of the inputs; halt it with `ias run-halt`, then `ias run-resume --reload-config`");
        }

        if (!File.Exists(paths.Database))
        {
            return true; // no run at all: the resume says so
        }

        using var store = RunStore.Open(paths.Database);
        if (Owner(paths, store) is not var (owner, name))
        {
            return true; // nothing a resume would continue: it says why
        }

        var inputs = new RunInputsStore(store);
        var current = RunInputs.Capture(paths.RepoRoot, clock.GetUtcNow());
        _ = current.Config(paths.RepoRoot); // a file that does not read is refused here, before anything changes
        var kept = inputs.Load(owner);
        if (kept?.Plan is not null)
        {
            current = current.TakePlan(paths.RepoRoot); // the sprint plan is reloaded with the files, and shown among the differences
        }

        var differences = kept is not null
            ? kept.Differences(current)
            : [$"{name} kept no copy of its inputs (an older ias started it): the files are taken as they are"];
        if (differences.Count == 0)
        {
            Console.WriteLine($"--reload-config: {string.Join(", ", RunInputs.Paths)} are as {name} took them at jack-in; nothing to reload");
            return true;
        }

        Console.WriteLine($"--reload-config: {name} takes the files as they are now instead of its copy from jack-in:");
        foreach (var line in differences)
        {
            Console.WriteLine("  " + line);
        }

        if (!yes)
        {
            switch (ask($"Take these for {name}? [y/N]"))
            {
                case null:
                    throw new RunModeException("--reload-config changes what the run uses and needs a yes: read the difference above, then pass --yes (there is no terminal to ask)");
                case false:
                    Console.WriteLine($"nothing reloaded and nothing resumed: {name} keeps its copy; `ias run-resume` continues with it");
                    return false;
            }
        }

        inputs.Save(owner, current);
        Console.WriteLine($"reloaded: {name} now uses the files as they are");
        return true;
    }

    /// <summary>Whose copy a resume would use: the resumable sprint plan's (all its sprints share it), else the current run's.</summary>
    private static (string Owner, string Name)? Owner(RunPaths paths, RunStore store)
    {
        if (SprintPlanRunner.Resumable(paths) is { } plan)
        {
            return (plan.PlanId, $"sprint plan {plan.PlanId}");
        }

        // A finished run and a bug run are not resumed, so their copies stay as they are.
        return new RunRecords(store).CurrentRun() is { State: not (RunState.JackedOut or RunState.ReadyForHitl) } run && !RunSnapshot.IsBugTarget(run.Target)
            ? (run.RunId, $"run {run.RunId}")
            : null;
    }
}
