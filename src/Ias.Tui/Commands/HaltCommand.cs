using System.CommandLine;
using Ias.Core.Control;
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
            var run = CurrentRun(paths) ?? throw new RunModeException($"no run in {paths.RepoRoot}: nothing to halt");
            var halt = new EngineClient(paths, TimeProvider.System).Halt(pr.GetValue(reason), pr.GetValue(force));
            if (!halt.Sent)
            {
                Console.WriteLine($"no engine is running; run {run.RunId} is {WireName.Of(run.State)} and stays so (continue it with `ias run-resume`)");
                return Task.FromResult(1);
            }

            Console.WriteLine(pr.GetValue(force)
                ? $"forced halt sent to the engine ({halt.Engine}); it stops the agent now"
                : $"halt sent to the engine ({halt.Engine}); it stops after the current phase");
            return Task.FromResult(0);
        }));
        return cmd;
    }

    private static RunSnapshot? CurrentRun(RunPaths paths)
    {
        if (!File.Exists(paths.Database))
        {
            return null;
        }

        using var store = RunStore.Open(paths.Database);
        return new RunRecords(store).CurrentRun();
    }
}
