using System.CommandLine;
using Ias.Core.Cycles;

namespace Ias.Tui.Commands;

/// <summary>`ias dashboard`: attach to the run in a repository, live or finished; any number may watch one run.</summary>
public static class AttachCommand
{
    public static Command Create()
    {
        var cmd = new Command("dashboard", "Watch the run in a repository (live or finished); q leaves, the engine keeps running");
        DisplayOptions.AddTo(cmd);
        cmd.SetAction((pr, ct) => Cli.Guard(async () =>
        {
            if (!EngineLauncher.Interactive)
            {
                throw new RunModeException("the dashboard needs a terminal; use `ias run-status` (or --json) instead");
            }

            return await DisplayOptions.Watch(pr, pr.GetValue(Cli.Repo)!, ct);
        }));
        return cmd;
    }
}
