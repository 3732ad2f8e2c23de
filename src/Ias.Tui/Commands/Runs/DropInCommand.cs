using System.CommandLine;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Jobs.Records;
using Ias.Tui.Commands.Queue;
using Ias.Tui.Dashboard;

namespace Ias.Tui.Commands.Runs;

/// <summary>
/// `ias drop-in [--shell]`: halt the run's engine, open its agent resumed on its session (or a shell) here, come back;
/// `ias drop-in --job ID`: open a queue job's agent resumed on the job's session.
/// </summary>
public static class DropInCommand
{
    public static Command Create()
    {
        var shell = new Option<bool>("--shell") { Description = "Open a shell ($SHELL) in the work tree instead of the agent" };
        var dashboard = new Option<bool>("--dashboard") { Description = "Open the dashboard when you leave (the dashboard's d and s keys come here)" };
        var job = new Option<string?>("--job") { Description = "A queue job's id (0003-reviewer): open its agent resumed on the job's session instead of the run's" };
        var cmd = new Command(
            "drop-in",
            "Take over the run: halt its engine now, open its agent CLI resumed on the run's session (or --shell, or a queue job's with --job) in this terminal; `ias run-resume` continues afterwards")
        {
            shell,
            dashboard,
            job,
        };
        var queueRun = QueueHost.AddRunOptions(cmd);
        DisplayOptions.AddTo(cmd);
        // A dashboard with --all that drops in comes back with it.
        cmd.Add(DisplayOptions.All);
        cmd.SetAction(async (pr, ct) =>
        {
            var repo = pr.GetValue(Cli.Repo)!;
            if (!EngineLauncher.Interactive)
            {
                throw new RunModeException("drop-in needs a terminal: run it from one (over SSH, in tmux), not with its input or output redirected");
            }

            var jobId = pr.GetValue(job);
            if (jobId is not null && pr.GetValue(shell))
            {
                throw new RunModeException("--job opens a job's agent session and --shell a shell: give one of them");
            }

            DropIn Prepare() => jobId is null
                ? DropIn.Prepare(repo, pr.GetValue(shell), Console.WriteLine, pr.GetValue(queueRun.Run))
                : JobDropIn.Prepare(repo, pr.GetValue(queueRun.Run), pr.GetValue(queueRun.Latest), jobId);

            if (!pr.GetValue(dashboard))
            {
                var dropIn = Prepare();
                Console.WriteLine($"opening {dropIn.What} in {dropIn.WorkTree}; leave it to come back to ias");
                Console.WriteLine(dropIn.Back(await dropIn.RunAsync()));
                return 0;
            }

            // From the dashboard: whatever happens, the person lands back in it, on the run they watched, told how it went.
            string back;
            string? lane = null;
            try
            {
                var dropIn = Prepare();
                lane = dropIn.Lane;
                Console.WriteLine($"opening {dropIn.What} in {dropIn.WorkTree}; leave it to come back to the dashboard");
                back = dropIn.Back(await dropIn.RunAsync());
            }
            catch (Exception e) when (e is RunModeException or QueueException)
            {
                back = e.Message;
            }

            using var shared = jobId is null ? null : QueueHost.Watch(Path.GetFullPath(repo));
            var target = new DashboardTarget(jobId is null ? null : pr.GetValue(queueRun.Run), back) { Lane = lane };
            return await DisplayOptions.Watch(pr, repo, ct, target: target, shared: shared);
        });
        return cmd;
    }
}
