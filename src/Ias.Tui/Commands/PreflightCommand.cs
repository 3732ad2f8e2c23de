using System.CommandLine;
using Ias.Core.Git;
using Ias.Core.Setup;
using Ias.Tui.Commands.Runs;

namespace Ias.Tui.Commands;

/// <summary>
/// `ias preflight [--fix] [--json]`: one line a check of whether the repository is ready for agents and a run, each marked
/// ok, stops (`ias run` would refuse) or advice; exit 0 when nothing stops a run and 1 otherwise; --fix first writes what
/// of the scaffold is missing, and says so.
/// </summary>
public static class PreflightCommand
{
    public static Command Create()
    {
        var fix = new Option<bool>("--fix")
        {
            Description = "First write the missing scaffold files and AGENTS.md/CLAUDE.md's ias section; credentials, remotes and git's identity stay yours",
        };
        var json = new Option<bool>("--json") { Description = "One JSON object: ready, and each line's mark (ok, stops, advice) and text" };
        var cmd = new Command("preflight", "Check that the repository is ready for agents and a run: the scaffold, the agent CLIs, git's identity, origin, the box, and `ias run`'s own pre-flight") { fix, json };
        cmd.SetAction((pr, ct) => Task.FromResult(Run(Path.GetFullPath(pr.GetValue(Cli.Repo)!), pr.GetValue(fix), pr.GetValue(json))));
        return cmd;
    }

    private static int Run(string root, bool fix, bool json)
    {
        // The scaffold belongs at the top, where agents and `ias run` look: a subfolder would get a second one.
        SetupStep.AtTop(new GitCli(root), root, "ias preflight");
        var done = fix ? RepoPreflight.Fix(root) : [];
        if (fix && !json)
        {
            Console.WriteLine(done.Count == 0 ? "fixed    nothing: the scaffold needed no change" : string.Join('\n', done.Select(change => $"fixed    {change}")));
        }

        // A dry run's engine: the checks read the configuration and ask the agent CLIs, and write nothing, .run/ included.
        using var host = EngineHost.Open(root, json ? _ => { } : Console.WriteLine, writeNothing: true);
        // A configuration's warnings (an unknown key, say) are lines here, where the person looks, not only on stderr.
        List<PreflightLine> lines = [.. host.Warnings.Select(w => new PreflightLine(false, w, Advice: true)), .. RepoPreflight.Check(host.Context)];
        var (stops, advice) = (lines.Count(l => l.Stops), lines.Count(l => l.Advice && !l.Ok));
        if (json)
        {
            Console.WriteLine(PreflightReport.Of(stops == 0, done, lines).Render());
            return stops == 0 ? 0 : 1;
        }

        foreach (var line in lines)
        {
            Console.WriteLine($"{line.Mark,-8} {line.Text}");
        }

        Console.WriteLine(stops > 0 ? $"not ready: {stops} line(s) above stop a run; each says what to do"
            : advice > 0 ? $"ready: nothing stops a run; {advice} line(s) above are advice"
            : "ready: every check passes");
        return stops == 0 ? 0 : 1;
    }
}
