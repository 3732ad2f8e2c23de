using System.CommandLine;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Decisions;
using Ias.Core.Storage;
using Ias.Tui.Commands.Queue;

namespace Ias.Tui.Commands;

/// <summary>`ias answer ID "TEXT"`: a person answers an agent's question; the waiting run (or the queue job's runner) picks it up and its agent goes on.</summary>
public static class AnswerCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "The question's id, as `ias decisions` shows it (D1, or Q1 for a shared queue's)" };
        var text = new Argument<string>("text") { Description = "The answer, in quotes" };
        var cmd = new Command("answer", "Answer an agent's open question; the waiting run resumes its agent with the answer") { id, text };
        cmd.SetAction(pr =>
        {
            var paths = Cli.Paths(pr);
            var which = pr.GetValue(id)!;
            // A shared queue's question is answered in its database: this checkout's own need not exist.
            using var team = DecisionIds.Shared.Names(which) ? QueueHost.OpenTeam(paths.RepoRoot) : null;
            using var store = File.Exists(paths.Database) ? RunStore.Open(paths.Database) : null;
            if (new DecisionDesk(store, team?.Queue.Questions, paths.RepoRoot, TimeProvider.System).Answer(which, pr.GetValue(text) ?? "", out var error) is not { } decision)
            {
                throw new RunModeException(error ?? $"{which} was not answered");
            }

            Console.WriteLine(decision switch
            {
                { Host: { } host } => $"answered {decision.Id}; job {decision.Job} of {decision.Run} goes on with it at the next look of its runner on {host} (in {decision.Checkout}), which writes the record {DecisionRecordFile.RelativePath(decision)} there",
                { OfQueueJob: true } => $"answered {decision.Id} (record: {DecisionRecordFile.RelativePath(decision)}); job {decision.Job} of {decision.Run} goes on with it at its runner's next look (or `ias run-loop --run {decision.Run}`)",
                _ => $"answered {decision.Id} (record: {DecisionRecordFile.RelativePath(decision)}); a waiting run goes on with it, a stopped one at `ias run-resume`",
            });
            return Task.FromResult(0);
        });
        return cmd;
    }
}
