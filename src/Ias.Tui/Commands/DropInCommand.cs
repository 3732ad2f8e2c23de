using System.CommandLine;
using Ias.Core.Cycles;

namespace Ias.Tui.Commands;

/// <summary>`ias drop-in [--shell]`: halt the run's engine, open its agent resumed on its session (or a shell) here, come back.</summary>
public static class DropInCommand
{
    public static Command Create()
    {
        var shell = new Option<bool>("--shell") { Description = "Open a shell ($SHELL) in the work tree instead of the agent" };
        var cmd = new Command(
            "drop-in",
            "Take over the run: halt its engine now, open its agent CLI resumed on the run's session (or --shell) in this terminal; `ias run-resume` continues afterwards")
        {
            shell,
        };
        cmd.SetAction((pr, ct) => Cli.Guard(async () =>
        {
            var repo = pr.GetValue(Cli.Repo)!;
            if (!EngineLauncher.Interactive)
            {
                throw new RunModeException("drop-in needs a terminal: run it from one (over SSH, in tmux), not with its input or output redirected");
            }

            var dropIn = DropIn.Prepare(repo, pr.GetValue(shell), Console.WriteLine);
            Console.WriteLine($"opening {dropIn.What} in {dropIn.Root}; leave it to come back to ias");
            var code = await dropIn.RunAsync();
            Console.WriteLine(dropIn.Back(code));
            return 0;
        }));
        return cmd;
    }
}
