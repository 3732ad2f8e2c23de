using System.CommandLine;
using Ias.Core.Cycles;
using Ias.Core.Decisions;
using Ias.Core.Storage;

namespace Ias.Tui.Commands;

/// <summary>`ias answer ID "TEXT"`: a person answers an agent's question; the waiting run (or the queue job's runner) picks it up and its agent goes on.</summary>
public static class AnswerCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "The question's id, as `ias decisions` shows it (D1)" };
        var text = new Argument<string>("text") { Description = "The answer, in quotes" };
        var cmd = new Command("answer", "Answer an agent's open question; the waiting run resumes its agent with the answer") { id, text };
        cmd.SetAction(pr =>
        {
            var paths = new RunPaths(Path.GetFullPath(pr.GetValue(Cli.Repo)!));
            var which = pr.GetValue(id)!;
            if (!File.Exists(paths.Database))
            {
                throw new RunModeException($"no decision {which}: {paths.Display(paths.Database)} does not exist, so no agent has asked anything here");
            }

            using var store = RunStore.Open(paths.Database);
            if (new DecisionDesk(store, paths.RepoRoot, TimeProvider.System).Answer(which, pr.GetValue(text) ?? "", out var error) is not { } decision)
            {
                throw new RunModeException(error ?? $"{which} was not answered");
            }

            Console.WriteLine(decision.OfQueueJob
                ? $"answered {decision.Id} (record: {DecisionRecordFile.RelativePath(decision)}); job {decision.Job} of {decision.Run} goes on with it at its runner's next look (or `ias run-loop --run {decision.Run}`)"
                : $"answered {decision.Id} (record: {DecisionRecordFile.RelativePath(decision)}); a waiting run goes on with it, a stopped one at `ias run-resume`");
            return Task.FromResult(0);
        });
        return cmd;
    }
}
