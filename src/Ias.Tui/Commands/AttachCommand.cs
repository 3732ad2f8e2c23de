using System.CommandLine;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Replays;
using Ias.Core.Storage;
using Ias.Tui.Commands.Queue;
using Ias.Tui.Commands.Runs;
using Ias.Tui.Dashboard;

namespace Ias.Tui.Commands;

/// <summary>`ias dashboard`: attach to the run in a repository, live or finished; any number may watch one run.</summary>
public static class AttachCommand
{
    public static Command Create()
    {
        var cmd = new Command("dashboard", "Watch the run in a repository (live or finished), Run Mode or job queue; q leaves, the engine keeps running");
        DisplayOptions.AddTo(cmd);
        var queueRun = QueueHost.AddRunOptions(cmd);
        var runMode = new Option<bool>("--run-mode") { Description = "Watch the Run Mode run even when a queue run was active more recently" };
        cmd.Add(runMode);
        cmd.Add(DisplayOptions.All);
        cmd.Add(DisplayOptions.NoReport);
        var replay = new Option<string?>("--replay") { Description = "Replay RUN (a Run Mode run's id or a queue run's name, as l lists it) from what ias.db stores of it; nothing of it changes", HelpName = "RUN" };
        cmd.Add(replay);
        cmd.SetAction(async (pr, ct) =>
        {
            var repo = pr.GetValue(Cli.Repo)!;
            if (Cli.BoxWide(pr) && !Cli.IsRepository(repo))
            {
                // The box-wide view from any folder (a home, a fresh pane) opens where ias worked last.
                repo = LatestCheckout(CheckoutRegistry.ForUser())
                    ?? throw new RunModeException($"no repository of this box has run ias yet (they are remembered in {CheckoutRegistry.ForUser().ListFile}); run `ias dashboard` inside one, or try `ias demo`");
            }

            // A run that cannot be replayed is said before a terminal is taken, and without one.
            var timeline = pr.GetValue(replay) is { } runId ? Replayed(Path.GetFullPath(repo), runId) : null;
            if (!EngineLauncher.Interactive)
            {
                throw new RunModeException("the dashboard needs a terminal; use `ias run-status` (or --json) instead");
            }

            using var shared = QueueHost.Watch(Path.GetFullPath(repo));
            // A replay chooses no run to watch: choosing reads ias.db through a connection that may write (a checkpoint).
            var target = timeline is not null ? DashboardTarget.RunMode
                : DashboardTarget.Choose(Path.GetFullPath(repo), pr.GetValue(queueRun.Run), pr.GetValue(queueRun.Latest), pr.GetValue(runMode), shared);
            return await DisplayOptions.Watch(pr, repo, ct, target: target, shared: shared, morning: timeline is null && !pr.GetValue(DisplayOptions.NoReport), replay: timeline);
        });
        return cmd;
    }

    /// <summary>Of the checkouts <paramref name="registry"/> remembers, the one whose ias.db was written last; null for none.</summary>
    public static string? LatestCheckout(CheckoutRegistry registry) =>
        registry.Checkouts().OrderByDescending(root => LastWrite(new RunPaths(root))).FirstOrDefault();

    // ias.db in WAL mode is written in its -wal file first.
    private static DateTime LastWrite(RunPaths paths) =>
        new[] { paths.Database, paths.Database + "-wal" }.Where(File.Exists).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();

    /// <summary>The timeline of run <paramref name="runId"/> of the checkout at <paramref name="root"/>; a run that is not there, or has nothing stored to play, throws the line that says so.</summary>
    private static IReplayTimeline Replayed(string root, string runId)
    {
        var paths = new RunPaths(root);
        var timeline = File.Exists(paths.Database) ? ReplayTimelines.Read(paths, runId) : null;
        return timeline switch
        {
            null => throw new RunModeException($"no run {runId} in {root}: `ias dashboard` then l lists the runs, and p replays the selected one"),
            { Count: 0 } => throw new RunModeException($"run {runId} has no stored events to replay: ias.db keeps nothing of its timeline"),
            _ => timeline,
        };
    }
}
