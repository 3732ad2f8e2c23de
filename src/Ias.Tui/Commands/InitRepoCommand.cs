using System.CommandLine;
using Ias.Core.Cycles;

namespace Ias.Tui.Commands;

/// <summary>
/// `ias init-repo`: a repository made ready for `ias run sprint-N` step by step, each change asked for at the terminal
/// (or all made with --yes), then the real pre-flight's verdict and the command to run next.
/// </summary>
public static class InitRepoCommand
{
    public static Command Create()
    {
        var yes = new Option<bool>("--yes", "-y") { Description = "Make every change without asking (for scripts); without a terminal nothing is changed unless this is given" };
        var agent = new Option<string?>("--agent")
        {
            Description = $"The agent CLI a new .loa.config.yaml names for every role: {string.Join(", ", RepoSetup.AgentNames)} (default: the first of them on PATH)",
        };
        agent.AcceptOnlyFromAmong([.. RepoSetup.AgentNames]);
        var cmd = new Command("init-repo", "Set the repository up for Run Mode step by step (config, starter sprint plan, commit), then say what to run") { yes, agent };
        cmd.SetAction((pr, ct) => Task.FromResult(Run(Path.GetFullPath(pr.GetValue(Cli.Repo)!), pr.GetValue(yes), pr.GetValue(agent))));
        return cmd;
    }

    internal static int Run(string root, bool yes, string? agent)
    {
        var setup = RepoSetup.Inspect(root, agent, TimeProvider.System);

        // Without a terminal and without --yes nobody said yes: tell what would be done, change nothing, never guess.
        var ask = !yes && PushPrompt.CanAsk;
        var taken = setup.Walk(step => Offer(step, yes, ask), apply: yes || ask);
        if (!yes && !ask && taken.Count > 0)
        {
            throw new RunModeException($"no terminal to ask at, so nothing was changed: pass --yes to make the {taken.Count} change(s) above");
        }

        return Verdict(root, setup);
    }

    /// <summary>Shows pre-flight's refusal and the change that answers it; whether to make it: asked, --yes, or (no terminal) told only.</summary>
    internal static bool Offer(SetupStep step, bool yes, bool ask)
    {
        Console.WriteLine($"pre-flight: {step.Refusal}");
        if (step.Offer is not { } offer)
        {
            Console.WriteLine("  left to you: ias init-repo writes over no file of yours and changes one only by a line it can be sure of");
            return false;
        }

        if (yes || !ask)
        {
            Console.WriteLine(yes ? $"{offer}: yes (--yes)" : $"to do: {offer}");
            return true;
        }

        return PushPrompt.Ask($"{offer}? [y/N]") == true;
    }

    /// <summary>The real pre-flight, as `ias run TARGET --dry-run` runs it, so the guide and a run never disagree; it throws what is still missing.</summary>
    private static int Verdict(string root, RepoSetup setup)
    {
        using var host = EngineHost.Open(root, Console.WriteLine, writeNothing: true);
        RunCommand.PrintWarnings(host);
        var cfg = host.Context.Config.RunMode;
        var options = new RunOptions(cfg.MaxCycles, cfg.TimeoutHours, DryRun: true, Agent: setup.RunAgent);
        var plan = new RunEngine(host.Context).Preflight(new StartRequest(setup.Target, options, null));
        var run = $"`ias run {setup.Target}{(setup.RunAgent is { } a ? $" --agent {a}" : "")}`";
        Console.WriteLine($"ready: pre-flight passes for {setup.Target} ({string.Join(", ", plan.Agents.Select(r => $"{r.Key} {r.Value}"))})");
        Console.WriteLine(setup.PlanIsStarter
            ? $"next: describe Sprint {SprintPlan.NumberOf(setup.Target)} in {setup.PlanFile} and commit it, then run {run}"
            : $"next: {run}");
        return 0;
    }
}
