using System.CommandLine;
using System.Net;
using Ias.Core.Jobs.Queue;
using Ias.Core.Jobs.Records;
using Ias.Tui.Commands.Queue;

namespace Ias.Tui.Commands.Runs;

/// <summary>`ias new-run NAME`: a run for the hybrid runner, under docs/ias/runs/NAME.</summary>
public static class NewRunCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The run's name, such as my-feature" };
        var policy = new Option<string?>("--data-policy")
        {
            Description = "A shared queue's data policy for the whole team, set once: internal_ok or metadata_only (its allowlist from ias.data_policy)",
        };
        var cmd = new Command("new-run", "Create a run for the job queue") { name, policy };
        cmd.SetAction((pr, ct) =>
        {
            var run = pr.GetValue(name)!;
            if (QueuePaths.NameProblem(run) is { } problem)
            {
                throw new QueueException(problem);
            }

            var asked = pr.GetValue(policy) is { } wire
                ? QueuePolicy.ParseMode(wire) ?? throw new QueueException($"--data-policy \"{wire}\" is not a data policy: use {QueuePolicy.InternalOk} or {QueuePolicy.MetadataOnly}")
                : (Ias.Core.Config.DataPolicyMode?)null;
            var (root, config, stores) = QueueHost.OpenStore(pr.GetValue(Cli.Repo)!);
            using (stores)
            {
                var queue = stores.Queue;
                if (asked is { } mode)
                {
                    if (!queue.Shared)
                    {
                        throw new QueueException("--data-policy sets a shared queue's policy for the whole team; this checkout's own queue follows ias.data_policy: set it in .loa.config.yaml");
                    }

                    if (queue.Policy is { } held && held.Policy.Mode != mode)
                    {
                        throw new QueueException(Held(held));
                    }
                }

                JobQueue.Create(queue, root, run, TimeProvider.System);
                if (asked is { } set && queue.Policy is null)
                {
                    var by = $"ias new-run {run} on {Dns.GetHostName()} in {root}";
                    var now = queue.Adopt(config.DataPolicy with { Mode = set }, by, TimeProvider.System.GetUtcNow())!;
                    if (now.Policy.Mode != set)
                    {
                        throw new QueueException(Held(now));
                    }

                    Console.WriteLine($"the shared queue's data policy is {QueuePolicy.Describe(now.Policy)}, for every checkout that writes to it");
                }
            }

            Console.WriteLine($"created run {run} (docs/ias/runs/{run}); next: ias init --run {run}");
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static string Held(QueuePolicy held) =>
        $"the shared queue's data policy is {QueuePolicy.Describe(held.Policy)} already (set by {held.SetBy} at {held.SetAt:u}), and a queue has one policy, set once: leave --data-policy out";
}
