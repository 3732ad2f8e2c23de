using System.CommandLine;
using Ias.Core.Agents.Adapters;
using Ias.Core.Bugs;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Preflight;
using Ias.Core.Cycles.Records;
using Ias.Core.Plans;
using Ias.Core.Safety;
using Ias.Core.StateMachines;
using Ias.Core.Storage;
using Ias.Tui.Dashboard;
using Ias.Tui.Terminal;

namespace Ias.Tui.Commands.Runs;

/// <summary>`ias run sprint-N`: jack in and run the sprint to a verdict, a trip or a halt.</summary>
public static class RunCommand
{
    private static readonly Option<bool> Yes = new("--yes", "-y") { Description = "Start without asking: at a terminal ias asks y/N first, saying what the run will do (--headless and scripts never ask)" };

    // Given by the `ias run --bug` a person answered at a terminal to the engine it starts: a high-risk area is asked about, not halted at.
    private static readonly Option<bool> AskHigh = new("--ask-high") { Hidden = true };

    // The lane the dashboard that starts this engine watches ("" for `.run/`'s): the engine takes that one or none.
    private static readonly Option<string?> InLane = new("--lane") { Hidden = true };

    // The engine of a run a person said yes to at a terminal: a bug run records it as interactive.
    private static readonly Option<bool> Confirmed = new("--confirmed") { Hidden = true };

    public static Command Create()
    {
        var target = new Argument<string?>("target") { Description = "The sprint to run (sprint-1), or sprint-plan for every sprint of the plan", Arity = ArgumentArity.ZeroOrOne };
        var maxCycles = new Option<int?>("--max-cycles") { Description = "Maximum cycles (default: run_mode.defaults.max_cycles, 20)" };
        var timeout = new Option<double?>("--timeout") { Description = "Maximum runtime in hours (default: run_mode.defaults.timeout_hours, 8)" };
        var branch = new Option<string?>("--branch") { Description = "A sprint's feature branch (default: <branch_prefix><target>, such as feature/sprint-1, whatever branch the run starts from)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Run pre-flight and print the plan; call no agent" };
        var local = new Option<bool>("--local") { Description = "Keep everything local: no push, no PR" };
        var confirmPush = new Option<bool>("--confirm-push") { Description = "Ask before any remote operation" };
        var agent = new Option<string?>("--agent") { Description = $"Agent for every role: {AgentAdapters.Builtin.Names}" };
        var headless = new Option<bool>("--headless") { Description = "Plain progress lines instead of the dashboard" };
        var from = new Option<int?>("--from") { Description = "sprint-plan: the first sprint to run (default: the plan's first)" };
        var to = new Option<int?>("--to") { Description = "sprint-plan: the last sprint to run (default: the plan's last)" };
        var noConsolidate = new Option<bool>("--no-consolidate") { Description = "sprint-plan: one branch and draft PR per sprint instead of one consolidated PR" };
        var bug = new Option<string?>("--bug") { Description = "Fix a bug: triage → implement → review → audit on bugfix/<bug_id>", Arity = ArgumentArity.ZeroOrOne };
        var fromIssue = new Option<int?>("--from-issue") { Description = "--bug: read the bug from GitHub issue N (through gh)" };
        var allowHigh = new Option<bool>("--allow-high") { Description = "Let high-danger skills outside Run Mode's own loop run (logged as WARN); --bug: proceed when triage finds a high-risk area (auth, payment, migration, secrets)" };
        var cmd = new Command("run", "Run a sprint, the whole sprint plan, or a bug fix autonomously: implement → review → audit until all pass")
        {
            target, maxCycles, timeout, branch, dryRun, local, confirmPush, agent, headless, from, to, noConsolidate, bug, fromIssue, allowHigh, Yes, AskHigh, Confirmed, InLane, Cli.NoSandbox,
        };
        cmd.SetAction((pr, ct) => LeavingNothingIfRefused(Cli.Paths(pr), async paths =>
        {
            var bugMode = pr.GetResult(bug) is not null;
            var planMode = pr.GetValue(target) == SprintPlanState.Target;
            CheckForms(pr.GetValue(target), bugMode, planMode, pr.GetValue(bug), pr.GetValue(fromIssue) is not null,
                pr.GetValue(from) is not null || pr.GetValue(to) is not null || pr.GetValue(noConsolidate), pr.GetValue(dryRun), pr.GetValue(branch) is not null);
            NoOriginalRunInTheWay(paths);
            var detach = !pr.GetValue(headless) && EngineLauncher.Interactive;
            var ask = detach && !pr.GetValue(Yes);

            // Until the person's yes, nothing is written: the engine that starts after it makes `.run/` in its own process.
            using var host = EngineHost.Open(paths.RepoRoot, Console.WriteLine, pr.GetValue(Cli.NoSandbox), writeNothing: pr.GetValue(dryRun) || ask);
            PrintWarnings(host);
            var cfg = host.Context.Config.RunMode;
            var options = new RunOptions(
                pr.GetValue(maxCycles) ?? cfg.MaxCycles,
                pr.GetValue(timeout) ?? cfg.TimeoutHours,
                pr.GetValue(dryRun),
                pr.GetValue(local),
                pr.GetValue(confirmPush),
                pr.GetValue(agent),
                pr.GetValue(Cli.NoSandbox),
                pr.GetValue(allowHigh));
            if (bugMode)
            {
                return await BugAsync(pr, host, new BugRequest(pr.GetValue(bug), pr.GetValue(fromIssue), pr.GetValue(allowHigh), options), detach, ask, ct);
            }

            if (planMode)
            {
                return await PlanAsync(pr, host, new PlanRequest(pr.GetValue(from), pr.GetValue(to), !pr.GetValue(noConsolidate), options), detach, ask, ct);
            }

            return await SprintAsync(pr, host, new StartRequest(pr.GetValue(target)!, options, pr.GetValue(branch)), detach, ask, ct);
        }));
        DisplayOptions.AddTo(cmd);
        return cmd;
    }

    /// <summary>A start refused at pre-flight leaves no `.run/` where there was none: trying again with another agent is one command.</summary>
    private static async Task<int> LeavingNothingIfRefused(RunPaths paths, Func<RunPaths, Task<int>> start)
    {
        var fresh = !Directory.Exists(paths.RunDir);
        try
        {
            return await start(paths);
        }
        catch (RunModeException) when (fresh)
        {
            try
            {
                paths.RemoveIfUnused();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or StateFileException)
            {
                // The refusal is what the person reads next; a `.run/` left behind is clutter, not harm.
            }

            throw;
        }
    }

    /// <summary>
    /// The original tools' run in .run/ refuses a new one (pre-flight says so too); refused here, before ias.db is made
    /// beside their files for a run that never starts.
    /// </summary>
    private static void NoOriginalRunInTheWay(RunPaths paths)
    {
        if (!File.Exists(paths.Database) && UnrecordedRun.Find(paths, null)?.Conflict(paths) is { } unrecorded)
        {
            throw new RunModeException(unrecorded);
        }
    }

    private static int DryRunPassed(string what, IEnumerable<string> plan)
    {
        Console.WriteLine($"dry run: pre-flight passed{what}; no agent was called and nothing was changed");
        foreach (var line in plan)
        {
            Console.WriteLine("  " + line);
        }

        return 0;
    }

    /// <summary>One clear line for a combination of `ias run`'s three forms (sprint, plan, bug) that does not go together.</summary>
    private static void CheckForms(string? target, bool bugMode, bool plan, string? bugText, bool fromIssue, bool planOptions, bool dryRun, bool branch)
    {
        string? problem = (target, bugMode) switch
        {
            (not null, true) => $"`ias run --bug` takes no target (got \"{target}\"): `ias run --bug \"description\"` or `ias run {target}`",
            (null, false) => "give a target: `ias run sprint-N`, `ias run sprint-plan`, or `ias run --bug \"description\"`",
            _ when bugMode && string.IsNullOrWhiteSpace(bugText) && !fromIssue => "--bug needs a description or --from-issue N: `ias run --bug \"Login fails when email contains +\"`",
            _ when !bugMode && fromIssue => "--from-issue belongs to bug runs: `ias run --bug --from-issue N`",
            _ when !plan && planOptions => "--from, --to and --no-consolidate belong to `ias run sprint-plan`",
            _ when bugMode && dryRun => "--dry-run works with `ias run sprint-N` and `ias run sprint-plan`; a bug run's triage is its first agent call",
            _ when (plan || bugMode) && branch => "--branch works with `ias run sprint-N` only: a plan works on feature/sprint-plan-<timestamp>, a bug on bugfix/<bug_id>",
            _ => null,
        };
        if (problem is not null)
        {
            throw new RunModeException(problem);
        }
    }

    private static IEnumerable<string> CommonArgs(RunOptions o)
    {
        yield return "--max-cycles";
        yield return o.MaxCycles.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--timeout";
        yield return o.TimeoutHours.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (o.Local)
        {
            yield return "--local";
        }

        if (o.Unsandboxed)
        {
            yield return "--no-sandbox";
        }

        if (o.ConfirmPush)
        {
            yield return "--confirm-push";
        }

        if (o.AllowHigh)
        {
            yield return "--allow-high";
        }

        if (o.Agent is { } a)
        {
            yield return "--agent";
            yield return a;
        }
    }

    private static IEnumerable<string> PlanArgs(int? from, int? to, bool noConsolidate)
    {
        if (from is { } f)
        {
            yield return "--from";
            yield return f.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (to is { } t)
        {
            yield return "--to";
            yield return t.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (noConsolidate)
        {
            yield return "--no-consolidate";
        }
    }

    private static IEnumerable<string> BugArgs(BugRequest r)
    {
        yield return "--bug";
        if (r.Description is { Length: > 0 } d)
        {
            yield return d;
        }

        if (r.FromIssue is { } n)
        {
            yield return "--from-issue";
            yield return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A sprint's run, in `.run/` or in its branch's lane beside it while another run holds `.run/`.</summary>
    private static async Task<int> SprintAsync(ParseResult pr, EngineHost host, StartRequest request, bool detach, bool ask, CancellationToken ct)
    {
        // The run's own files go in `.run/`, or beside it in its branch's lane while another run holds `.run/`; an engine
        // that starts here takes the lane's lock now, so runs started at once never take the same one.
        var runBranch = request.Branch ?? host.Context.Config.RunMode.BranchPrefix + request.Target;
        var paths = host.Context.Paths;
        var lane = RunLanes.ForStart(paths, runBranch);
        using var taken = detach || request.Options.DryRun ? null : RunLanes.Take(paths, runBranch, host.Context.Owner, out lane, pr.GetValue(InLane));
        using var inLane = lane.Lane is null ? null : EngineHost.Open(paths.RepoRoot, Console.WriteLine, pr.GetValue(Cli.NoSandbox), writeNothing: request.Options.DryRun || ask, lane: lane.Lane);
        var here = inLane ?? host;
        var engine = new RunEngine(here.Context) { Lock = taken, ConfirmPush = PushPrompt.Ask, Notified = TerminalNotifier.Headless(here.Context.Config.Notify) };
        if (request.Options.DryRun)
        {
            return DryRunPassed("", engine.Preflight(request).Describe());
        }

        if (detach)
        {
            // Jack-in errors belong on this terminal, then the person's yes; then the engine leaves in its own session and the dashboard attaches.
            // Checked as a dry run is, so a start the person declines leaves no guardrails' log and no `.run/`.
            Confirm(ask, request.Target, engine.Preflight(request with { Options = request.Options with { DryRun = true } }).Branch, request.Options, here);
            return await DisplayOptions.Watch(pr, here.Context.RepoRoot, ct, () => EngineLauncher.Start(here.Context.Paths, [.. EngineArgs(request), InLane.Name, lane.Lane ?? ""]),
                DashboardTarget.Start(request.Target) with { Lane = lane.Lane });
        }

        using var signals = EngineSignals.HaltOn(here.Context.Paths);
        using var awake = here.KeepAwake(request.Target);
        var run = await engine.StartAsync(request, ct);
        await NightEndNotice.TellRunEndAsync(here.Context, run.RunId, run.RunId);
        return Summarise(run, here.Context.Paths);
    }

    /// <summary>The sprint plan: a dry run's lines; at a terminal, checked and asked for, then in a detached engine under the dashboard; otherwise here.</summary>
    private static async Task<int> PlanAsync(ParseResult pr, EngineHost host, PlanRequest request, bool detach, bool ask, CancellationToken ct)
    {
        if (request.Run.DryRun)
        {
            return DryRunPassed(" for the sprint plan", new SprintPlanRunner(host.Context).DryRun(request));
        }

        if (!detach)
        {
            return await PlanHereAsync(host, request, ct);
        }

        // Its checks first, writing nothing, so a refusal is said on this terminal before the question, as a sprint's is.
        _ = new SprintPlanRunner(host.Context).DryRun(request);
        Confirm(ask, "the sprint plan", $"a new {host.Context.Config.RunMode.BranchPrefix}{SprintPlanState.Target}-<timestamp> branch", request.Run, host);
        string[] engineArgs = ["run", SprintPlanState.Target, .. CommonArgs(request.Run), .. PlanArgs(request.From, request.To, !request.Consolidate)];
        return await DisplayOptions.Watch(pr, host.Context.RepoRoot, ct, () => EngineLauncher.Start(host.Context.Paths, engineArgs), DashboardTarget.Start("the sprint plan"));
    }

    /// <summary>A bug run: at a terminal, asked for, then in a detached engine under the dashboard; otherwise here.</summary>
    private static async Task<int> BugAsync(ParseResult pr, EngineHost host, BugRequest request, bool detach, bool ask, CancellationToken ct)
    {
        if (!detach)
        {
            return await BugHereAsync(host, request, pr.GetValue(AskHigh), pr.GetValue(Confirmed), ct);
        }

        var asksHigh = ask && !request.AllowHigh;
        var o = request.Options;
        Confirm(ask, "the bug fix", "a new bugfix/<bug_id> branch", o with { MaxCycles = Math.Min(o.MaxCycles, BugRunner.CycleLimit), TimeoutHours = Math.Min(o.TimeoutHours, BugRunner.TimeoutHours) }, host, asksHigh);
        string[] engineArgs = ["run", .. CommonArgs(o), .. BugArgs(request), .. asksHigh ? ["--ask-high"] : Array.Empty<string>(), .. ask ? ["--confirmed"] : Array.Empty<string>()];
        return await DisplayOptions.Watch(pr, host.Context.RepoRoot, ct, () => EngineLauncher.Start(host.Context.Paths, engineArgs), DashboardTarget.Start("the bug fix"));
    }

    /// <summary>002's interactive rule: when <paramref name="ask"/>, the person says yes to what the run will do, or nothing starts.</summary>
    private static void Confirm(bool ask, string what, string branch, RunOptions options, EngineHost host, bool highRiskAsked = false)
    {
        if (ask && PushPrompt.Ask(StartQuestion.For(what, branch, options, host.Context.Config, highRiskAsked)) != true)
        {
            throw StartQuestion.Declined(what);
        }
    }

    /// <summary>A bug run in this process (headless, or the detached engine), then the night's end if it was the last at work.</summary>
    private static async Task<int> BugHereAsync(EngineHost host, BugRequest request, bool askHigh, bool confirmed, CancellationToken ct)
    {
        using var signals = EngineSignals.HaltOn(host.Context.Paths);
        using var awake = host.KeepAwake("a bug fix");
        var bug = await new BugRunner(host.Context) { ConfirmPush = PushPrompt.Ask, AskAtHighRisk = askHigh, Confirmed = confirmed }.StartAsync(request, ct);
        await NightEndNotice.TellRunEndAsync(host.Context, bug.RunId, bug.RunId ?? bug.BugId);
        return Summarise(bug);
    }

    /// <summary>A sprint plan in this process, then the night's end if it was the last at work.</summary>
    private static async Task<int> PlanHereAsync(EngineHost host, PlanRequest request, CancellationToken ct)
    {
        using var signals = EngineSignals.HaltOn(host.Context.Paths);
        using var awake = host.KeepAwake(SprintPlanState.Target);
        var plan = await new SprintPlanRunner(host.Context) { ConfirmPush = PushPrompt.Ask }.StartAsync(request, ct);
        await TellPlanEndAsync(host, plan);
        return Summarise(plan);
    }

    /// <summary>The `report` notification when the plan was the last at work: under the plan's current sprint run, with the plan's own configuration.</summary>
    public static Task TellPlanEndAsync(EngineHost host, SprintPlanState plan)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(plan);
        var run = new RunRecords(host.Context.Store).CurrentRunId() ?? plan.PlanId;
        return NightEndNotice.TellRunEndAsync(host.Context, plan.PlanId, run);
    }

    /// <summary>The bug run's closing line, and the exit code: 0 fixed (and validated when post-PR validation is on), 1 halted.</summary>
    public static int Summarise(BugRecord bug)
    {
        Console.WriteLine(InertText.Line(
            $"bug {bug.BugId} {WireName.Of(bug.State)} after {bug.CycleCount} cycle(s) on {bug.Branch}: {bug.BugTitle}"
            + (bug.PrUrl is null ? "" : $", draft PR {bug.PrUrl}")
            + (bug.HaltReason is null || bug.State is BugState.Completed or BugState.ReadyForHitl ? "" : $" — {bug.HaltReason}")));
        return bug.State is BugState.Completed or BugState.ReadyForHitl ? 0 : 1;
    }

    /// <summary>The plan's closing line, and the exit code: 0 finished (or READY_FOR_HITL after post-PR validation), 1 halted, 3 passed but not published.</summary>
    public static int Summarise(SprintPlanState plan)
    {
        Console.WriteLine(InertText.Line(
            $"{plan.PlanId} {WireName.Of(plan.State)}: {plan.Completed} of {plan.Sprints.Count} sprint(s) completed, {plan.TotalCycles} cycle(s), {plan.TotalFilesChanged} file change(s)"
            + (plan.PrUrl is null ? "" : $", draft PR {plan.PrUrl}")
            + (plan.HaltReason is null ? "" : $" — {plan.HaltReason}")
            + (plan.State == RunState.Complete ? " — passed but not published: fix what the publish line above says, then `ias run-resume`" : "")));
        return plan.State switch
        {
            RunState.JackedOut or RunState.ReadyForHitl => 0,
            RunState.Complete => RunStatus.NotPublished,
            _ => 1,
        };
    }

    /// <summary>The `ias run` arguments that start the same run again in a detached engine.</summary>
    public static IEnumerable<string> EngineArgs(StartRequest r)
    {
        yield return "run";
        yield return r.Target;
        yield return "--max-cycles";
        yield return r.Options.MaxCycles.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--timeout";
        yield return r.Options.TimeoutHours.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (r.Branch is { } b)
        {
            yield return "--branch";
            yield return b;
        }

        if (r.Options.Local)
        {
            yield return "--local";
        }

        if (r.Options.Unsandboxed)
        {
            yield return "--no-sandbox";
        }

        if (r.Options.ConfirmPush)
        {
            yield return "--confirm-push";
        }

        if (r.Options.AllowHigh)
        {
            yield return "--allow-high";
        }

        if (r.Options.Agent is { } a)
        {
            yield return "--agent";
            yield return a;
        }
    }

    public static void PrintWarnings(EngineHost host)
    {
        foreach (var w in host.Warnings)
        {
            Console.Error.WriteLine($"ias: warning: {w}");
        }
    }

    /// <summary>One closing line, and the exit code: 0 finished, 1 halted, 3 passed but not published (the run stays COMPLETE for `ias run-resume`).</summary>
    public static int Summarise(RunSnapshot run, RunPaths? paths)
    {
        // Where the checkout was left comes first: the closing line stays the last, which scripts and people read.
        if (paths is not null && Farewell.WayBack(paths, run) is { } back)
        {
            foreach (var line in back)
            {
                Console.WriteLine(line);
            }
        }

        // The word the dashboard shows; a COMPLETE run's reason is what to do about it, said in full here.
        var word = RunWord.Of(run, null);
        Console.WriteLine(InertText.Line(
            $"{run.RunId} {word.Word} after {run.CycleCurrent} cycle(s): {run.Commits} commit(s), {run.FilesChanged} file change(s), {run.FindingsFixed} finding(s) fixed"
            + (run.State == RunState.Complete ? " — passed but not published: fix what the publish line above says, then `ias run-resume`" : word.Why is { } why ? $" — {why}" : "")));
        return run.State switch
        {
            RunState.JackedOut or RunState.ReadyForHitl => 0,
            RunState.Complete => RunStatus.NotPublished,
            _ => 1,
        };
    }
}
