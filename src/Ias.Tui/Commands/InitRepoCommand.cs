using System.CommandLine;
using Ias.Core.Config;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Safety;
using Ias.Core.Setup;
using Ias.Tui.Commands.Runs;

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
            Description = $"The agent a new .loa.config.yaml names for every role: {string.Join(", ", RepoSetup.AgentNames)} (default: the first CLI on PATH, else {RepoSetup.Simulated}, the simulated agent)",
        };
        agent.AcceptOnlyFromAmong([.. RepoSetup.AgentNames]);
        var runUsd = Dollars("--run-usd", "The cap per run a new .loa.config.yaml sets (ias.budget.run_usd), in US dollars");
        var dailyUsd = Dollars("--daily-usd", "The cap per UTC day a new .loa.config.yaml sets (ias.budget.daily_usd), in US dollars");
        var cmd = new Command("init-repo", "Set the repository up for Run Mode step by step (config, starter sprint plan, commit), then say what to run") { yes, agent, runUsd, dailyUsd };
        cmd.SetAction((pr, ct) => Task.FromResult(Run(Path.GetFullPath(pr.GetValue(Cli.Repo)!), pr.GetValue(yes), pr.GetValue(agent), new SpendBudget(pr.GetValue(runUsd), pr.GetValue(dailyUsd)))));
        return cmd;
    }

    // A cap is dollars and cents, zero or more; zero stops every call.
    private static Option<decimal?> Dollars(string name, string description)
    {
        var option = new Option<decimal?>(name) { Description = description, HelpName = "USD" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<decimal?>() is < 0)
            {
                result.AddError($"{name} is a number of US dollars, 0 or more (5.00)");
            }
        });
        return option;
    }

    // answer: what said yes when yes is true: --yes, or a person's answer to bootstrap's one question.
    internal static int Run(string root, bool yes, string? agent, SpendBudget? budget = null, string answer = "--yes")
    {
        var setup = RepoSetup.Inspect(root, agent, TimeProvider.System, budget);
        if (budget is { RunUsd: not null } or { DailyUsd: not null } && setup.NewAgent is null)
        {
            // The user's own file is theirs to change: a cap is one key there, and a new file is the only one ias writes.
            throw new RunModeException($"--run-usd and --daily-usd go into a new {ConfigLoader.FileName}, and this repository has one: set ias.budget.run_usd and ias.budget.daily_usd in it");
        }

        // Without a terminal and without --yes nobody said yes: tell what would be done, change nothing, never guess.
        var ask = !yes && PushPrompt.CanAsk;
        var taken = setup.Walk(step => Offer(step, yes ? answer : null, ask), apply: yes || ask);
        if (!yes && !ask && taken.Count > 0)
        {
            throw new RunModeException($"no terminal to ask at, so nothing was changed: pass --yes to make the {taken.Count} change(s) above");
        }

        return Verdict(root, setup);
    }

    /// <summary>
    /// Shows pre-flight's refusal and the change that answers it; whether to make it: asked, already answered
    /// (<paramref name="yes"/> says how), or (no terminal) told only.
    /// </summary>
    private static bool Offer(SetupStep step, string? yes, bool ask)
    {
        Console.WriteLine($"pre-flight: {step.Refusal}");
        if (step.Offer is not { } offer)
        {
            Console.WriteLine("  left to you: ias init-repo writes over no file of yours and changes one only by a line it can be sure of");
            return false;
        }

        if (yes is not null || !ask)
        {
            Console.WriteLine(yes is not null ? $"{offer}: yes ({yes})" : $"to do: {offer}");
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
        var unwritten = RepoPreflight.Unwritten(host.Context);
        var run = $"`ias run {setup.Target}{(setup.RunAgent is { } a ? $" --agent {a}" : "")}`";
        try
        {
            var plan = new RunEngine(host.Context).Preflight(new StartRequest(setup.Target, options, null));
            Console.WriteLine($"ready: pre-flight passes for {setup.Target} ({string.Join(", ", plan.Agents.Select(r => $"{r.Key} {r.Value}"))})");
        }
        catch (RunModeException e) when (unwritten.Any(u => e.Message.StartsWith(u, StringComparison.Ordinal)))
        {
            // Pre-flight's last check: everything else passed, and the starter texts are the person's to write.
            Console.WriteLine($"set up: pre-flight passes for {setup.Target} but for text that is still the starter's");
            unwritten.ToList().ForEach(u => Console.WriteLine($"to write: {u}"));
        }

        var caps = SpendCaps.From(host.Context.Config.Budget);
        Console.WriteLine(caps == SpendCaps.None
            ? $"spend: no cap; {SpendCaps.RunKey} and {SpendCaps.DailyKey} in {ConfigLoader.FileName} stop agents before they pass one"
            : $"spend: capped{(caps.Run is { } perRun ? $" at {SpendCaps.Money(perRun.Usd)} per run" : "")}{(caps.Run is not null && caps.Daily is not null ? " and" : "")}{(caps.Daily is { } daily ? $" at {SpendCaps.Money(daily.Usd)} per UTC day" : "")}");
        if (setup.SimulatedAdvice is { } advice)
        {
            Console.WriteLine($"agent: {advice}");
        }

        Console.WriteLine(unwritten.Count > 0
            ? $"next: write what each `to write:` line names and commit it, then run {run}"
            : $"next: {run}");
        return 0;
    }
}
