using System.CommandLine;
using Ias.Core.Cycles;
using Ias.Tui.Dashboard;

namespace Ias.Tui.Commands;

/// <summary>`ias drop-in [--shell]`: halt the run's engine, open its agent resumed on its session (or a shell) here, come back.</summary>
public static class DropInCommand
{
    public static Command Create()
    {
        var shell = new Option<bool>("--shell") { Description = "Open a shell ($SHELL) in the work tree instead of the agent" };
        var dashboard = new Option<bool>("--dashboard") { Description = "Open the dashboard when you leave (the dashboard's d and s keys come here)" };
        var cmd = new Command(
            "drop-in",
            "Take over the run: halt its engine now, open its agent CLI resumed on the run's session (or --shell) in this terminal; `ias run-resume` continues afterwards")
        {
            shell,
            dashboard,
        };
        DisplayOptions.AddTo(cmd);
        cmd.SetAction(async (pr, ct) =>
        {
            var repo = pr.GetValue(Cli.Repo)!;
            if (!EngineLauncher.Interactive)
            {
                throw new RunModeException("drop-in needs a terminal: run it from one (over SSH, in tmux), not with its input or output redirected");
            }

            if (!pr.GetValue(dashboard))
            {
                var dropIn = DropIn.Prepare(repo, pr.GetValue(shell), Console.WriteLine);
                Console.WriteLine($"opening {dropIn.What} in {dropIn.Root}; leave it to come back to ias");
                Console.WriteLine(dropIn.Back(await dropIn.RunAsync()));
                return 0;
            }

            // From the dashboard: whatever happens, the person lands back in it, told how it went.
            string back;
            try
            {
                var dropIn = DropIn.Prepare(repo, pr.GetValue(shell), Console.WriteLine);
                Console.WriteLine($"opening {dropIn.What} in {dropIn.Root}; leave it to come back to the dashboard");
                back = dropIn.Back(await dropIn.RunAsync());
            }
            catch (RunModeException e)
            {
                back = e.Message;
            }

            return await DisplayOptions.Watch(pr, repo, ct, target: new DashboardTarget(null, back));
        });
        return cmd;
    }
}
