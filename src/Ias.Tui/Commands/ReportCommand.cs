using System.CommandLine;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Jobs;
using Ias.Core.Reports;
using Ias.Core.Storage;
using Ias.Tui.Views;

namespace Ias.Tui.Commands;

/// <summary>
/// `ias report`: what happened while the person was away, in one screen of text, from what is stored; it changes nothing
/// but its own mark of when it was last read (text only: a script's `--json` leaves the person's mark alone).
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var since = new Option<string?>("--since") { Description = "From when: a duration back (12h, 90m, 2d) or a time (22:00 UTC, or ISO 8601); by default since the last report was read, or a day back" };
        var json = new Option<bool>("--json") { Description = "Machine-readable: {repository, since, until, needs, finished, jobs, agents, runs, today, unread}" };
        var cmd = new Command("report", "What happened since you last looked: what needs you, what was done, what it cost") { since, json };
        cmd.SetAction(pr =>
        {
            var paths = Cli.Paths(pr);
            var now = TimeProvider.System.GetUtcNow();
            var start = pr.GetValue(since) is { } text
                ? ReportWindow.Parse(text, now, out var problem) ?? throw new ConfigException(problem!)
                : ReportWindow.Default(paths, now);
            var report = Read(paths, start, now);
            if (pr.GetValue(json))
            {
                Console.Write(ReportJson.Render(report));
                return Task.FromResult(0);
            }

            Console.Write(string.Join('\n', ReportText.Lines(report)) + "\n");
            ReportWindow.MarkRead(paths, now);
            return Task.FromResult(0);
        });
        return cmd;
    }

    /// <summary>The checkout's report; a shared queue out of reach is one line of it, the rest read from the checkout.</summary>
    public static MorningReport Read(RunPaths paths, DateTimeOffset since, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var config = ConfigLoader.Load(paths.RepoRoot, AgentAdapters.Builtin.Kinds).Config;
        QueueStores? team = null;
        string? unreachable = null;
        try
        {
            team = QueueHost.OpenTeam(paths.RepoRoot);
        }
        catch (QueueException e)
        {
            unreachable = $"the shared queue: {e.Message}";
        }

        using (team)
        {
            var report = NightReader.Read(paths, team?.Queue.Policy is { } policy ? config with { DataPolicy = policy.Policy } : config, team?.Queue, since, now);
            return unreachable is null ? report : report with { Unread = [.. report.Unread, unreachable] };
        }
    }
}
