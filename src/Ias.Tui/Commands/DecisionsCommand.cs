using System.CommandLine;
using System.Globalization;
using Ias.Core.Decisions;
using Ias.Core.Jobs.Records;
using Ias.Core.Safety;
using Ias.Core.Storage;
using Ias.Tui.Commands.Queue;

namespace Ias.Tui.Commands;

/// <summary>`ias decisions`: the questions agents asked that wait for a person, oldest first: the checkout's own (D1…), then its shared queue's (Q1…).</summary>
public static class DecisionsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable: an array of {id, question, asked, run, job, phase, cycle, role, host}" };
        var cmd = new Command("decisions", "List the open questions agents asked, to answer with `ias answer`") { json };
        cmd.SetAction(pr =>
        {
            var paths = Cli.Paths(pr);
            var open = new List<Decision>();
            if (File.Exists(paths.Database))
            {
                using var store = RunStore.Open(paths.Database);
                open.AddRange(new DecisionStore(store).Open());
            }

            // A shared queue out of reach does not hide the checkout's own questions: they are listed, then why the team's are not.
            QueueException? unreachable = null;
            try
            {
                using var team = QueueHost.OpenTeam(paths.RepoRoot);
                open.AddRange(team?.Queue.Questions.Open() ?? []);
            }
            catch (QueueException e)
            {
                unreachable = e;
            }

            // Questions are agents' text, and a shared queue's rows were written by other machines: each shown inert.
            Console.Write(pr.GetValue(json) ? DecisionsJson.Render(open) : InertText.Lines(Text(open)));
            return unreachable is null ? Task.FromResult(0) : throw new QueueException($"the shared queue's questions are not listed: {unreachable.Message}");
        });
        return cmd;
    }

    private static string Text(IReadOnlyList<Decision> open)
    {
        if (open.Count == 0)
        {
            return "no open questions\n";
        }

        var s = new System.Text.StringBuilder();
        foreach (var d in open)
        {
            var on = d.Host is { } host ? $" on {host}" : "";
            s.Append(CultureInfo.InvariantCulture, $"{d.Id}  asked {d.Asked:yyyy-MM-dd HH:mm} UTC by the {d.Role} of {d.Run} ({d.Where}){on}\n");
            s.Append(CultureInfo.InvariantCulture, $"    {InertText.Lines(d.Question).Trim().Replace("\n", "\n    ", StringComparison.Ordinal)}\n");
            if (d.Withheld)
            {
                s.Append(CultureInfo.InvariantCulture, $"    (ias.data_policy keeps the question out of the shared queue: read it on {d.Host} in {d.Checkout}/{DecisionRecordFile.RelativePath(d)})\n");
            }

        }

        s.Append(CultureInfo.InvariantCulture, $"answer with: ias answer {open[0].Id} \"…\"\n");
        return s.ToString();
    }
}
