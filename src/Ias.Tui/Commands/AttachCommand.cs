using System.CommandLine;
using Ias.Core.Cycles;
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
        cmd.SetAction(async (pr, ct) =>
        {
            if (!EngineLauncher.Interactive)
            {
                throw new RunModeException("the dashboard needs a terminal; use `ias run-status` (or --json) instead");
            }

            var repo = pr.GetValue(Cli.Repo)!;
            using var shared = QueueHost.Watch(Path.GetFullPath(repo));
            var target = DashboardTarget.Choose(Path.GetFullPath(repo), pr.GetValue(queueRun.Run), pr.GetValue(queueRun.Latest), pr.GetValue(runMode), shared);
            return await DisplayOptions.Watch(pr, repo, ct, target: target, shared: shared, morning: !pr.GetValue(DisplayOptions.NoReport));
        });
        return cmd;
    }
}
