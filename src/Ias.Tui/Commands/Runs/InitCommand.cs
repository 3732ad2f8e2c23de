using System.CommandLine;
using Ias.Tui.Commands.Queue;

namespace Ias.Tui.Commands.Runs;

/// <summary>`ias init`: the run's runner folder: config.json, state.json and the queue folders.</summary>
public static class InitCommand
{
    public static Command Create()
    {
        var cmd = new Command("init", "Initialise the job queue runner of a run");
        var run = QueueHost.AddRunOptions(cmd);
        cmd.SetAction((pr, ct) =>
        {
            using var host = QueueHost.Open(pr, run, adopt: true);
            host.Queue.Init();
            Console.WriteLine($"runner of {host.Queue.Run} ready in {Path.GetRelativePath(host.Root, host.Queue.Paths.RunnerDir)}");
            return Task.FromResult(0);
        });
        return cmd;
    }
}
