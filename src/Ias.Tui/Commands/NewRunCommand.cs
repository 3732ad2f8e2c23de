using System.CommandLine;
using Ias.Core.Jobs;

namespace Ias.Tui.Commands;

/// <summary>`ias new-run NAME`: a run for the hybrid runner, under docs/ias/runs/NAME.</summary>
public static class NewRunCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The run's name, such as my-feature" };
        var cmd = new Command("new-run", "Create a run for the job queue") { name };
        cmd.SetAction((pr, ct) =>
        {
            var run = pr.GetValue(name)!;
            if (QueuePaths.NameProblem(run) is { } problem)
            {
                throw new QueueException(problem);
            }

            var (root, _, stores) = QueueHost.OpenStore(pr.GetValue(Cli.Repo)!);
            using (stores)
            {
                JobQueue.Create(stores.Queue, root, run, TimeProvider.System);
            }

            Console.WriteLine($"created run {run} (docs/ias/runs/{run}); next: ias init --run {run}");
            return Task.FromResult(0);
        });
        return cmd;
    }
}
