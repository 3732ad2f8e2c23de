using System.CommandLine;
using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Jobs.Records;
using Ias.Core.Jobs.Store;
using Ias.Core.Reports;
using Ias.Core.Storage;
using Ias.Tui.Commands.Queue;
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
        var json = new Option<bool>("--json") { Description = "Machine-readable: {repository, since, until, needs, finished, jobs, agents, runs, today, unread}; with --all an array of them" };
        var all = new Option<bool>("--all") { Description = "Every repository of this box where ias worked (remembered in the user's state folder), this one first" };
        var cmd = new Command("report", "What happened since you last looked: what needs you, what was done, what it cost") { since, json, all };
        cmd.SetAction(pr =>
        {
            var here = Cli.Paths(pr);
            var now = TimeProvider.System.GetUtcNow();
            var from = pr.GetValue(since) is { } text ? ReportWindow.Parse(text, now, out var problem) ?? throw new ConfigException(problem!) : (DateTimeOffset?)null;
            // The box-wide view works from any folder: this repository first when there is one.
            var first = Cli.IsRepository(here.RepoRoot) ? [here] : Array.Empty<RunPaths>();
            var checkouts = pr.GetValue(all)
                ? [.. first, .. CheckoutRegistry.ForUser().Checkouts().Where(r => r != here.RepoRoot).Select(r => new RunPaths(r))]
                : new[] { here };
            if (checkouts.Length == 0)
            {
                Console.WriteLine(pr.GetValue(json) ? "[]" : $"no repository of this box has run ias yet (they are remembered in {CheckoutRegistry.ForUser().ListFile})");
                return Task.FromResult(0);
            }

            var reports = new List<MorningReport>();
            foreach (var paths in checkouts)
            {
                try
                {
                    reports.Add(Read(paths, from ?? ReportWindow.Default(paths, now), now));
                }
                catch (Exception e) when (pr.GetValue(all) && e is ConfigException or QueueException or IOException or StateFileException)
                {
                    // One repository that cannot be read does not hide the others.
                    Console.Error.WriteLine($"ias: report of {paths.RepoRoot} not read: {e.Message}");
                }
            }

            if (pr.GetValue(json))
            {
                Console.Write(pr.GetValue(all) ? ReportJson.RenderAll(reports) : ReportJson.Render(reports[0]));
                return Task.FromResult(0);
            }

            Console.Write(string.Join("\n\n", reports.Select(r => string.Join('\n', ReportText.Lines(r)))) + "\n");
            foreach (var r in reports)
            {
                ReportWindow.MarkRead(new RunPaths(r.Root), now);
            }

            return Task.FromResult(0);
        });
        return cmd;
    }

    /// <summary>
    /// The checkout's report for a screen that must not break on it (the dashboard's): a report that cannot be read at all
    /// (its config broken, its database unreadable) is a report of that one `not read:` line.
    /// </summary>
    public static MorningReport ReadOrSay(RunPaths paths, DateTimeOffset since, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(paths);
        try
        {
            return Read(paths, since, now);
        }
        catch (Exception e) when (e is ConfigException or QueueException or IOException or StateFileException or UnauthorizedAccessException)
        {
            return new MorningReport(paths.RepoRoot, since, now) { Unread = [$"the report: {e.Message}"] };
        }
    }

    /// <summary>The checkout's report; a shared queue out of reach is one line of it, the rest read from the checkout.</summary>
    public static MorningReport Read(RunPaths paths, DateTimeOffset since, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Read(paths, ConfigLoader.Load(paths.RepoRoot, AgentAdapters.Builtin.Kinds).Config, since, now);
    }

    /// <summary>The checkout's report read with <paramref name="config"/>, the one a run or runner worked with, rather than the file as it is now.</summary>
    public static MorningReport Read(RunPaths paths, LoaConfig config, DateTimeOffset since, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(paths);
        QueueStores? team = null;
        string? unreachable = null;
        try
        {
            team = QueueHost.OpenTeam(paths.RepoRoot, config);
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
