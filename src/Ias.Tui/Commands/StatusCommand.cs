using System.CommandLine;
using System.Globalization;
using Ias.Core.Agents.Adapters;
using Ias.Core.Bugs;
using Ias.Core.Config;
using Ias.Core.Control;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Git;
using Ias.Core.Plans;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Tui.Commands;

/// <summary>`ias run-status`: run id, state, target, branch, cycle and phase, runtime against timeout, breaker, rate budget, metrics.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Machine-readable; exit code 0 complete, 1 running or halted, 2 failed, ended after a halt, or none, 3 passed but not published" };
        var verbose = new Option<bool>("--verbose") { Description = "Also the cycle history and the breaker's trips" };
        var cmd = new Command("run-status", "Show the current run's progress; same as `ias status --run-mode`") { json, verbose, Cli.RunName };
        cmd.SetAction((pr, ct) =>
        {
            // Several runs at work and none named: the first is shown, and a line a run names the others.
            var active = pr.GetValue(Cli.RunName) is null ? RunLanes.Active(Cli.Paths(pr)) : [];
            var paths = active.Count > 1 ? active[0].Lane : Cli.Lane(pr, "run-status");
            var sync = SyncPlan(paths, new EngineClient(paths, TimeProvider.System).IsAlive());
            var snap = SnapshotReader.Once(paths, TimeProvider.System) with { PlanSync = sync };
            // Halt reasons, trips and bug titles quote agents: the text is shown inert, the JSON's strings are.
            Console.WriteLine(pr.GetValue(json) ? StatusDocument.Of(snap).ToJson() : InertText.Lines(ToText(snap, pr.GetValue(verbose), File.Exists(Publisher.PrFile(paths)))));
            if (!pr.GetValue(json) && active.Count > 1)
            {
                Console.WriteLine(InertText.Lines(Others(active.Skip(1))));
            }

            // A consolidated plan publishes after its last sprint's run has ended: a plan left COMPLETE was not published.
            var notPublished = snap.Plan is { State: RunState.Complete } && !snap.Status.EngineAlive;
            // A plan whose sprint has no run in ias.db yet (the original tools' plan file) is running or halted all the same.
            var planGoesOn = snap.Status.Run is null && snap.Plan is { Resumable: true };
            // A bug halted at triage made no run, and is halted all the same.
            var bugHalted = snap.Status.Run is null && snap.Bug is { State: BugState.Halted };
            return Task.FromResult(notPublished ? RunStatus.NotPublished : planGoesOn || bugHalted ? 1 : snap.Status.ExitCode);
        });
        return cmd;
    }

    /// <summary>
    /// The git-aware state sync, where it applies: a plan file left at RUNNING with no engine alive (a lost session or a
    /// killed engine) is checked against git; when every sprint's commit is there, the file is marked JACKED_OUT. It runs
    /// before the snapshot is read, so the snapshot shows the plan as the sync left it.
    /// </summary>
    private static SprintPlanSync? SyncPlan(RunPaths paths, bool engineAlive)
    {
        if (engineAlive || SprintPlanStateFile.Read(paths) is not { State: RunState.Running } plan)
        {
            return null;
        }

        // A plan stopped in the post-PR validation of its PR has every sprint's commit, and is not finished for all that.
        if (plan.ValidatedBy(CurrentRunMirror(paths)))
        {
            return null;
        }

        RunModeConfig config;
        try
        {
            // The plan's own copy of the config, as its resume would use it: an agent's edit to the file must not make the sync see sprints as done.
            config = (PlanInputs(paths, plan.PlanId)?.Config(paths.RepoRoot) ?? ConfigLoader.Load(paths.RepoRoot, AgentAdapters.Builtin.Kinds).Config).RunMode;
        }
        catch (ConfigException)
        {
            return null; // the status still shows; the config's own error appears when a run starts
        }

        // HEAD is the plan's: its worktree's, which a lost engine leaves behind; the checkout's is the person's.
        var git = new GitCli(paths.RepoRoot);
        var tree = RunWorktree.PathFor(git, plan.PlanId);
        return SprintPlanStateSync.Run(paths.SprintPlanState, Directory.Exists(tree) ? git.At(tree) : git, config, TimeProvider.System, onePerSprint: true);
    }

    /// <summary>The current run as state.json mirrors it; null when there is none or it cannot be read (the snapshot says why).</summary>
    private static RunSnapshot? CurrentRunMirror(RunPaths paths)
    {
        try
        {
            return new RunFiles(new StateFiles(paths)).ReadState();
        }
        catch (StateFileException)
        {
            return null;
        }
    }

    private static RunInputs? PlanInputs(RunPaths paths, string planId)
    {
        if (!File.Exists(paths.Database))
        {
            return null;
        }

        try
        {
            using var store = RunStore.Open(paths.Database);
            return new RunInputsStore(store).Load(planId);
        }
        catch (StateFileException)
        {
            return null; // the snapshot reports the database's problem
        }
    }

    private static IEnumerable<string> PlanLines(SprintPlanState? plan, SprintPlanSync? sync)
    {
        if (plan is null)
        {
            yield break;
        }

        yield return $"plan       {plan.PlanId}  {WireName.Of(plan.State)}: {plan.Completed} of {plan.Sprints.Count} sprint(s) completed"
            + (plan.Current is { } c && plan.State != RunState.JackedOut ? $", at {c}" : "") + (plan.Branch.Length > 0 ? $" on {plan.Branch}" : "") + (plan.PrUrl is { } url ? $", PR {url}" : "");
        yield return "           " + string.Join(", ", plan.Sprints.Select(x =>
            $"{x.Id} {(x.Skipped ? "skipped" : WireName.Of(x.Status).ToLowerInvariant())}{(x.Cycles is { } n && !x.Skipped ? $" ({n} cycle(s))" : "")}"));
        if (sync is { Synced: true })
        {
            yield return $"           git-aware state sync: {sync.CommitsFound} of {sync.CommitsExpected} sprint commit(s) found on {sync.BaseBranch}..HEAD, so the plan was marked JACKED_OUT";
        }
        else if (sync is not null)
        {
            yield return $"           no engine is running it: {sync.CommitsFound} of {sync.CommitsExpected} sprint commit(s) on {sync.BaseBranch}..HEAD; `ias run-resume` continues the plan";
        }
    }

    private static IEnumerable<string> BugLines(BugRecord? bug)
    {
        if (bug is null)
        {
            yield break;
        }

        yield return $"bug        {bug.BugId}  {WireName.Of(bug.State)}: {bug.BugTitle} ({bug.SprintId} on {bug.Branch})";
        yield return $"           risk {bug.Confidence.RiskLevel}, reproduction {bug.Confidence.ReproductionStrength}, {bug.Confidence.TestType} test; state in .run/bugs/{bug.BugId}/"
            + (bug.HaltReason is { } why && bug.State == BugState.Halted ? $"; halted: {why}" : "");
        if (bug.State == BugState.Halted)
        {
            yield return $"           {BugRunner.AfterHalt(bug)}";
        }
    }

    /// <summary>The other runs at work, a line each with the command that shows it.</summary>
    private static string Others(IEnumerable<(RunPaths Lane, RunSnapshot Run)> others) =>
        string.Join('\n', others.Select(o => $"also       {o.Run.RunId}  {WireName.Of(o.Run.State)} {o.Run.Target} on {o.Run.Branch}: `ias run-status --run {o.Run.Branch}`"));

    /// <summary>`ias run-status` for people: the run, then its sprint plan and its bug when it has them.</summary>
    public static string ToText(EngineSnapshot snap, bool verbose, bool prText) =>
        string.Join('\n', [.. snap.Status.Run is null && snap.Bug is not null ? [] : new[] { RunText(snap.Status, snap.Spend, verbose, prText) }, .. PlanLines(snap.Plan, snap.PlanSync), .. BugLines(snap.Bug)]);

    /// <summary>The run's and the day's spend, each against its cap and what is left when one is set.</summary>
    private static string BudgetLine(Spend spend)
    {
        static string Against(decimal spent, SpendCap? cap, decimal? left, string what) => cap is null
            ? $"{SpendCaps.Money(spent)} {what}"
            : $"{SpendCaps.Money(spent)} {what} of {SpendCaps.Money(cap.Usd)} ({cap.Key}), {SpendCaps.Money(left ?? 0m)} left";

        return $"budget     {Against(spend.Run, spend.Caps.Run, spend.RunLeft, "this run")}; {Against(spend.Today, spend.Caps.Daily, spend.TodayLeft, "today (UTC)")}"
            + (spend.Caps == SpendCaps.None ? "; no cap set" : "");
    }

    /// <summary>The run's word as the dashboard shows it, and the state file's name for it where that differs.</summary>
    private static string StateLine(RunWord word) =>
        word.ToString() + (word.Word == word.State ? "" : $" ({word.State} in state.json)");

    private static string RunText(RunStatus s, Spend? spend, bool verbose, bool prText)
    {
        if (s.Run is not { } run)
        {
            return "no run here yet: start one with `ias run sprint-N` (or try `ias demo`)"
                + (s.FromStateFiles && s.Breaker is { State: BreakerState.Open } open
                    ? $"\nbreaker    OPEN in .run/circuit-breaker.json, written without ias's database, {open.History.Count} trip(s): fix the cause, then `ias run-resume --reset-ice`"
                    : "");
        }

        var lines = new List<string>
        {
            $"run        {run.RunId}  {StateLine(RunWord.Of(run, s.Breaker))}{(run.Options.Unsandboxed ? " unsandboxed" : "")}{(s.EngineAlive ? $" (engine {s.EngineOwner})" : s.FromStateFiles ? "" : run.State switch
            {
                RunState.Running => " (engine stopped: `ias run-resume` continues)",
                RunState.Complete => run.NotPublished is null ? " (passed but not published: fix the push or the draft PR, then `ias run-resume`)" : " (fix that, then `ias run-resume` publishes again)",
                _ => "",
            })}",
            $"target     {run.Target} on {run.Branch}",
            $"cycle      {run.CycleCurrent}/{run.CycleLimit}, phase {WireName.Of(run.Phase)}",
            $"runtime    {Hm(s.Runtime ?? TimeSpan.Zero)} of {run.Options.TimeoutHours.ToString("0.##", CultureInfo.InvariantCulture)}h",
            $"metrics    {run.Commits} commit(s), {run.FilesChanged} file change(s), {run.FindingsFixed} finding(s) fixed",
            $"usage      {run.TokensIn} tokens in, {run.TokensOut} out, ${run.CostUsd.ToString("0.####", CultureInfo.InvariantCulture)}",
        };
        lines.InsertRange(1, FromFilesLines(s, run));
        if (spend is not null)
        {
            lines.Add(BudgetLine(spend));
        }

        if (s.Breaker is { } b)
        {
            lines.Add($"breaker    {WireName.Of(b.State)}  same issue {b.SameIssueCount}/{b.SameIssueThreshold}, no progress {b.NoProgressCount}/{b.NoProgressThreshold}, {b.History.Count} trip(s)");
        }

        if (s.RateLimit is { } r)
        {
            lines.Add($"rate       {r.CallsThisHour}/{r.Limit} calls this hour, {r.ConsecutiveWaits} consecutive wait(s)"
                + (s.TimeToRateReset is not { } left ? ""
                    : s.EngineAlive ? $", waiting {Hm(left)} for the hour boundary"
                    : string.Create(CultureInfo.InvariantCulture, $", its wait ends at {r.WaitingUntil:HH:mm} UTC (no engine waits it out)")));
        }

        lines.Add(run.PrUrl is { } url
            ? $"pr         {url} (draft){(run.Pushed ? "" : ", not pushed")}"
            : $"pr         none{(run.Pushed ? ", branch pushed" : run.Options.Local ? " (local run)" : "")}; "
                + (prText ? "its text is in .run/pr.md" : "its text goes to .run/pr.md once the run completes or halts"));
        if (run.HaltReason is { } why)
        {
            lines.Add($"halted     {why}");
        }

        if (verbose)
        {
            lines.Add("history");
            lines.AddRange(run.CycleHistory.Select(h => $"  cycle {h.Cycle} {WireName.Of(h.Phase),-10} {h.Findings} finding(s)"));
            if (s.Breaker is { History.Count: > 0 } br)
            {
                lines.Add("trips");
                lines.AddRange(br.History.Select(t => $"  {(t.Timestamp is { } at ? Iso(at) : "(time not recorded)")} {t.Trigger}: {t.Reason}"));
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>What a run read from `.run/`'s files alone is, and what a person can do with it.</summary>
    private static IEnumerable<string> FromFilesLines(RunStatus s, RunSnapshot run)
    {
        if (!s.FromStateFiles)
        {
            yield break;
        }

        yield return "source     .run/state.json, circuit-breaker.json and rate-limit.json (the original Run Mode tools' files), no ias database";
        yield return run.State is RunState.Running or RunState.Halted or RunState.Complete
            ? $"           `ias run-resume{(s.Breaker is { State: BreakerState.Open } ? " --reset-ice" : "")}` takes it over, `ias run-halt --jack-out` ends it; `ias run` refuses to start over it"
            : "           it has ended; `ias run` starts a new run";
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Hm(TimeSpan t) => $"{(int)t.TotalHours}h{t.Minutes:00}m{t.Seconds:00}s";
}
