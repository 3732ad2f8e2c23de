using System.CommandLine;
using Ias.Core.Cycles;
using Ias.Core.Git;
using Ias.Core.Setup;

namespace Ias.Tui.Commands;

/// <summary>
/// `ias preflight [--fix]`: one line a check of whether the repository is ready for agents, exit 0 when every check
/// passes and 1 otherwise; --fix first writes what of the scaffold is missing, and says so.
/// </summary>
public static class PreflightCommand
{
    public static Command Create()
    {
        var fix = new Option<bool>("--fix")
        {
            Description = "First write the missing scaffold files and AGENTS.md/CLAUDE.md's ias section; credentials, remotes and git's identity stay yours",
        };
        var cmd = new Command("preflight", "Check that the repository is ready for agents: the scaffold, the agent CLIs, git's identity, origin, the box") { fix };
        cmd.SetAction((pr, ct) => Task.FromResult(Run(Path.GetFullPath(pr.GetValue(Cli.Repo)!), pr.GetValue(fix))));
        return cmd;
    }

    private static int Run(string root, bool fix)
    {
        // The scaffold belongs at the top, where agents and `ias run` look: a subfolder would get a second one.
        SetupStep.AtTop(new GitCli(root), root, "ias preflight");
        if (fix)
        {
            var done = RepoPreflight.Fix(root);
            foreach (var change in done)
            {
                Console.WriteLine($"fixed    {change}");
            }

            if (done.Count == 0)
            {
                Console.WriteLine("fixed    nothing: the scaffold needed no change");
            }
        }

        // A dry run's engine: the checks read the configuration and ask the agent CLIs, and write nothing, .run/ included.
        using var host = EngineHost.Open(root, Console.WriteLine, writeNothing: true);
        RunCommand.PrintWarnings(host);
        var lines = RepoPreflight.Check(host.Context);
        foreach (var line in lines)
        {
            Console.WriteLine($"{(line.Ok ? "ok" : "missing"),-8} {line.Text}");
        }

        var failed = lines.Count(l => !l.Ok);
        Console.WriteLine(failed == 0 ? "ready: every check passes" : $"not ready: {failed} check(s) above say what to do");
        return failed == 0 ? 0 : 1;
    }
}
