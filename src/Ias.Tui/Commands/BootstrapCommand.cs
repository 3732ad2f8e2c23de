using System.CommandLine;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Scaffold;
using Ias.Core.Setup;
using Ias.Tui.Commands.Runs;

namespace Ias.Tui.Commands;

/// <summary>
/// `ias bootstrap --profile terminal|hybrid|full`: the scaffold agents read written into the repository, every change
/// listed and asked for once at the terminal (or made with --yes); full goes on with init-repo's own steps under that answer.
/// </summary>
public static class BootstrapCommand
{
    public static Command Create()
    {
        var profile = new Option<string>("--profile")
        {
            Description = "What to write: " + string.Join("; ", ScaffoldProfile.All.Select(p => $"{p.Name}: {p.Adds}")),
            DefaultValueFactory = _ => ScaffoldProfile.Terminal.Name,
        };
        var yes = new Option<bool>("--yes", "-y") { Description = "Make every change without asking (for scripts); without a terminal nothing is changed unless this is given" };
        var agent = new Option<string?>("--agent") { Description = $"full only: the agent CLI a new .loa.config.yaml names, as `ias init-repo --agent` ({string.Join(", ", RepoSetup.AgentNames)})" };
        agent.AcceptOnlyFromAmong([.. RepoSetup.AgentNames]);
        var cmd = new Command("bootstrap", "Write the scaffold agents read (AGENTS.md and CLAUDE.md's ias section, docs/ias/) for a profile: terminal, hybrid or full")
        {
            profile, yes, agent,
        };
        cmd.SetAction((pr, ct) => Task.FromResult(Run(Path.GetFullPath(pr.GetValue(Cli.Repo)!), pr.GetValue(profile)!, pr.GetValue(yes), pr.GetValue(agent))));
        return cmd;
    }

    private static int Run(string root, string name, bool yes, string? agent)
    {
        var profile = ScaffoldProfile.Find(name)
            ?? throw new RunModeException($"--profile {name} is not a profile: use {string.Join(", ", ScaffoldProfile.All.Select(p => p.Name))}");
        if (agent is not null && !profile.SetsUpRunMode)
        {
            throw new RunModeException("--agent names Run Mode's agent, which only --profile full sets up: leave --agent out, or pass --profile full");
        }

        var bootstrap = Bootstrap.Inspect(root, profile, TimeProvider.System);
        Console.WriteLine($"profile {profile.Name}: {profile.Adds}");
        foreach (var left in bootstrap.Entries.Where(e => e.State is ScaffoldState.Kept or ScaffoldState.Refused))
        {
            Console.WriteLine($"kept: {left.Describe()}");
        }

        // The whole list first, then one question for all of it (or --yes). Without a terminal and without --yes nobody
        // said yes: tell what would be done, change nothing, never guess.
        var planned = bootstrap.Walk(_ => true, apply: false);
        planned.ToList().ForEach(step => Console.WriteLine($"to do: {step.Offer}"));
        if (profile.SetsUpRunMode)
        {
            Console.WriteLine("to do: then set Run Mode up as `ias init-repo` does, listing each step as it takes it");
        }

        if (!yes && !PushPrompt.CanAsk && planned.Count > 0)
        {
            throw new RunModeException($"no terminal to ask at, so nothing was changed: pass --yes to make the {planned.Count} change(s) above");
        }

        var asked = !yes && PushPrompt.CanAsk && (planned.Count > 0 || profile.SetsUpRunMode);
        if (asked && PushPrompt.Ask($"make the {planned.Count} change(s) above{(profile.SetsUpRunMode ? " and set Run Mode up" : "")}? [y/N]") != true)
        {
            Console.WriteLine("nothing was changed");
            return 0;
        }

        var answer = yes ? "--yes" : "answered y";
        var taken = yes || asked ? bootstrap.Walk(_ => true, apply: true) : [];
        if (taken.Count > 0)
        {
            Console.WriteLine($"done: {taken.Count} change(s) ({answer})");
        }

        foreach (var note in bootstrap.Notes)
        {
            Console.WriteLine($"note: {note}");
        }

        Console.WriteLine(taken.Count == 0 && bootstrap.Entries.All(e => e.Change is null)
            ? $"the {profile.Name} scaffold is in place: nothing changed"
            : $"the {profile.Name} scaffold is written");
        if (profile.SetsUpRunMode)
        {
            // ias has no control plane for full to join; what it adds is Run Mode, set up by init-repo's own steps.
            Console.WriteLine("Run Mode, as `ias init-repo` sets it up:");
            return InitRepoCommand.Run(root, yes || asked, agent, answer: answer);
        }

        Console.WriteLine("next: describe the project in docs/ias/project-context.md and docs/ias/context/base-goal.md, then check with `ias preflight`");
        return 0;
    }
}
