using System.CommandLine;
using Ias.Core.Cycles;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Tui.Commands;

/// <summary>`ias run-halt`: asks the running engine to stop, after the current phase or (--force) now.</summary>
public static class HaltCommand
{
    public static Command Create()
    {
        var force = new Option<bool>("--force") { Description = "Stop the agent now instead of after the current phase" };
        var reason = new Option<string?>("--reason") { Description = "Why; kept in state.json and shown by run-status" };
        var cmd = new Command("run-halt", "Halt the running sprint (graceful: finish the current phase)") { force, reason };
        cmd.SetAction((pr, ct) => Cli.Guard(() =>
        {
            var paths = new RunPaths(Path.GetFullPath(pr.GetValue(Cli.Repo)!));
            if (!File.Exists(paths.Database))
            {
                throw new RunModeException($"no run in {paths.RepoRoot}: nothing to halt");
            }

            using var store = RunStore.Open(paths.Database);
            var run = new RunRecords(store).CurrentRun() ?? throw new RunModeException($"no run in {paths.RepoRoot}: nothing to halt");
            if (!EngineLock.IsHeld(paths.EngineLock, out var holder))
            {
                Console.WriteLine($"no engine is running; run {run.RunId} is {WireName.Of(run.State)} and stays so (continue it with `ias run-resume`)");
                return Task.FromResult(1);
            }

            store.RequestControl(ControlKind.Halt, TimeProvider.System.GetUtcNow(), pr.GetValue(reason), pr.GetValue(force));
            Console.WriteLine(pr.GetValue(force)
                ? $"forced halt sent to the engine ({holder}); it stops the agent now"
                : $"halt sent to the engine ({holder}); it stops after the current phase");
            return Task.FromResult(0);
        }));
        return cmd;
    }
}
