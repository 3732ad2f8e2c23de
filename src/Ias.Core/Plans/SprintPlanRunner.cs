using System.Globalization;
using System.Security.Cryptography;
using Ias.Core.Cycles.A2a;
using Ias.Core.Cycles.Engine;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Preflight;
using Ias.Core.Cycles.Records;
using Ias.Core.Cycles.Steps;
using Ias.Core.Git;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Core.Plans;

/// <summary>
/// The sprint plan loop: every sprint of the plan, in order, through the one-sprint Run Mode engine on one
/// feature branch; completed sprints are skipped, a halt stops the plan with its state kept for `ias run-resume`, and
/// one consolidated draft PR is opened at the end (or one per sprint, each on its own branch, with --no-consolidate).
/// With post-PR validation on, the last sprint's run waits COMPLETE while the plan opens its PR, then validates that PR.
/// </summary>
public sealed class SprintPlanRunner(EngineContext ctx)
{
    private SprintPlanState _plan = null!;

    // Taken once when the plan starts and shared by every sprint: a sprint's implementer must not be able to
    // rewrite the prompts or the reviewer of the sprints after it, which run on its branch with nobody watching.
    private RunInputs _inputs = null!;

    /// <summary>Asked before any remote operation under --confirm-push; null means there is no one to ask.</summary>
    public Func<string, bool?>? ConfirmPush { get; init; }

    private DateTimeOffset Now => ctx.Clock.GetUtcNow();

    private RunPaths Paths => ctx.Paths;

    /// <summary>The plan in `.run/`, if one is there to resume (halted, tripped, killed, in post-PR validation, or finished but not yet published).</summary>
    public static SprintPlanState? Resumable(RunPaths paths) => SprintPlanStateFile.Read(paths) is { Resumable: true } plan ? plan : null;

    public async Task<SprintPlanState> StartAsync(PlanRequest request, CancellationToken ct)
    {
        var (_, sprints, branch, previous, from, to, first) = Prepare(request);
        if (sprints.FirstOrDefault(s => s.Status != PlanSprintStatus.Completed) is null)
        {
            // Nothing left to run: the previous plan's record stays as it is.
            Report($"nothing to run: {string.Join(", ", sprints.Select(s => s.Id))} already completed");
            return previous ?? throw new RunModeException($"{string.Join(", ", sprints.Select(s => s.Id))} are marked COMPLETED in their a2a folders: nothing to run");
        }

        var now = Now;
        var r = request.Run;
        var id = $"plan-{now:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        var checkout = ctx.Git;
        // The plan holds the checkout lock from its first write to its last, so no queue job writes meanwhile (they share ICE's
        // hook); its sprints switch branches in the plan's own worktree, never in the checkout.
        using var held = PreflightChecks.TakeCheckout(ctx, "a sprint plan");
        ctx = OwnerTree.Open(ctx, id, first);
        _plan = new SprintPlanState(
            id,
            RunState.Running,
            sprints,
            null,
            new PlanOptions(from, to, r with { DryRun = false, Unsandboxed = false }, request.Consolidate),
            branch,
            now,
            now);
        // Before the plan file: a plan that exists has its copy, however soon the engine is stopped.
        new RunInputsStore(ctx.Store).Save(_plan.PlanId, _inputs);
        Save();
        foreach (var skipped in sprints.Where(s => s.Skipped))
        {
            Report($"{skipped.Id} already completed: skipped");
        }

        return Ended(checkout, await RunSprintsAsync(resume: null, ct));
    }

    /// <summary>A plan nothing can resume gives its worktree back.</summary>
    private SprintPlanState Ended(GitCli checkout, SprintPlanState plan)
    {
        if (!plan.Resumable)
        {
            OwnerTree.End(checkout, plan.PlanId, ctx.Progress);
        }

        return plan;
    }

    /// <summary>
    /// `ias run sprint-plan --dry-run`: every check of a start (the plan, its range, the first sprint's jack-in, every
    /// pending sprint's guardrails), then what the plan would do, one line each; nothing is written.
    /// </summary>
    public IReadOnlyList<string> DryRun(PlanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (plan, sprints, branch, _, _, _, first) = Prepare(request with { Run = request.Run with { DryRun = true } });
        var lines = new List<string> { $"source      {plan.Source}", $"sprints     {string.Join(", ", sprints.Select(s => s.Id + (s.Status == PlanSprintStatus.Completed ? " (completed: skipped)" : "")))}" };
        lines.Add($"branch      {branch}" + (request.Consolidate ? ", one consolidated draft PR" : ", a branch and a draft PR per sprint"));
        lines.AddRange(first?.Describe().Skip(2) ?? ["nothing to run: every sprint is completed"]);
        return lines;
    }

    /// <summary>
    /// The checks of a start, before anything is written: the plan, its range, the first pending sprint's jack-in, and every
    /// pending sprint's guardrails. Returns the plan's sprints (the completed ones marked) and its branch.
    /// </summary>
    private (SprintPlan Plan, List<PlanSprint> Sprints, string Branch, SprintPlanState? Previous, int From, int To, PreflightPlan? First) Prepare(PlanRequest request)
    {
        UseInputs(RunInputs.Capture(ctx.RepoRoot, Now));
        var cfg = ctx.Config;
        if (!cfg.RunMode.Enabled)
        {
            throw new RunModeException($"Run Mode is off in {System.IO.Path.Combine(ctx.RepoRoot, ".loa.config.yaml")}: set run_mode.enabled: true to opt in");
        }

        var previous = SprintPlanStateFile.Read(Paths);
        if (previous is { Resumable: true })
        {
            throw new RunModeException(
                $"sprint plan {previous.PlanId} is {WireName.Of(previous.State)} at {previous.Current ?? "its end"}: continue it with `ias run-resume`, or remove .run/sprint-plan-state.json to start a new plan");
        }

        var planPath = System.IO.Path.Combine(ctx.RepoRoot, cfg.SprintPlan);
        // The whole plan is one of the inputs every sprint shares: a sprint's implementer who rewrites a later sprint's
        // section changes the tree only; that sprint is built and reviewed against this copy.
        _inputs = _inputs.TakePlan(ctx.RepoRoot);
        var plan = _inputs.Plan!;
        var numbers = plan.Numbers.Order().ToList();
        if (numbers.Count == 0)
        {
            throw new RunModeException(File.Exists(planPath)
                ? $"sprint plan {planPath} has no `## Sprint N` sections, and {SprintPlan.OtherSources}: add one per sprint"
                : $"sprint plan {planPath} not found, and {SprintPlan.OtherSources}: write it with `## Sprint N` sections or set ias.sprint_plan in .loa.config.yaml");
        }

        var from = request.From ?? numbers[0];
        var to = request.To ?? numbers[^1];
        if (from > to)
        {
            throw new RunModeException($"--from {from} is after --to {to}: give a range such as --from 2 --to 4");
        }

        var selected = numbers.Where(n => n >= from && n <= to).ToList();
        if (selected.Count == 0)
        {
            throw new RunModeException($"no sprint of {plan.Source} lies between {from} and {to} (it has {string.Join(", ", numbers.Select(n => $"sprint-{n}"))})");
        }

        var current = ctx.Git.CurrentBranch();
        // A re-run continues the previous consolidated plan's branch while it is there, so its PR simply grows.
        var branch = previous is { Options.Consolidate: true } && request.Consolidate && (current == previous.Branch || ctx.Git.BranchExists(previous.Branch))
            ? previous.Branch
            : cfg.RunMode.BranchPrefix + $"{SprintPlanState.BranchStem}{Now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        var sprints = selected.Select(n => Initial($"sprint-{n}", previous, plan.MarkedCompleted(n))).ToList();
        if (sprints.FirstOrDefault(s => s.Status != PlanSprintStatus.Completed) is not { } first)
        {
            return (plan, sprints, branch, previous, from, to, null);
        }

        // Jack-in checks for the first sprint before anything is written, so a bad start leaves no plan behind.
        var r = request.Run;
        var preflight = new PreflightChecks(ctx) { Plan = _inputs?.Plan }.Check(new StartRequest(first.Id, r,
            request.Consolidate ? branch : $"{branch}-{first.Id}"));

        // Every sprint still to run, not only the first: an injection in the last must not wait for the others' commits
        // to be refused. Each sprint's run screens its own section of the plan's copy again when it starts.
        var guardrails = new RunGuardrails(ctx, record: !r.DryRun);
        foreach (var pending in sprints.Where(s => s.Status != PlanSprintStatus.Completed).Skip(1))
        {
            var n = SprintPlan.NumberOf(pending.Id)!.Value;
            guardrails.Screen(pending.Id, plan.Scanned(n)!);
        }

        return (plan, sprints, branch, previous, from, to, preflight);
    }

    /// <summary>Continues a plan that stopped: first the git-aware state sync, then the interrupted sprint's run, then the rest.</summary>
    public async Task<SprintPlanState> ResumeAsync(bool resetIce, bool force, CancellationToken ct)
    {
        _plan = SprintPlanStateFile.Read(Paths) is { Resumable: true } plan
            ? plan
            : throw new RunModeException("no sprint plan to resume in .run/sprint-plan-state.json: start one with `ias run sprint-plan`");
        var checkout = ctx.Git;
        using var held = PreflightChecks.TakeCheckout(ctx, "a sprint plan");

        // A plan an older ias started in the checkout goes on there; any other in its worktree.
        if (ctx.Runs.CurrentRun() is not { } run || checkout.CurrentBranch() != run.Branch)
        {
            ctx = OwnerTree.Open(ctx, _plan.PlanId, start: null, ctx.Runs.CurrentRun()?.Branch);
        }

        return Ended(checkout, await ResumePlanAsync(resetIce, force, ct));
    }

    private async Task<SprintPlanState> ResumePlanAsync(bool resetIce, bool force, CancellationToken ct)
    {
        UseInputs(PlanResumeInputs.Load(ctx, _plan.PlanId, Report));

        // A plan in post-PR validation has every sprint's commit: the git-aware sync must not take it for finished.
        var validating = ctx.Runs.CurrentRun() is { } current && _plan.ValidatedBy(current) ? current : null;
        if (_plan.State == RunState.Running && validating is null && SyncFromGit() is { } synced)
        {
            return synced;
        }

        if (_plan.State == RunState.Complete)
        {
            return await PublishAsync(ct);
        }

        var inChecks = validating is { State: RunState.Running or RunState.Halted };
        Report(inChecks
            ? $"resuming the post-PR validation of sprint plan {_plan.PlanId}'s consolidated draft PR ({validating!.Target}'s run, at {WireName.Of(validating.ResumePhase ?? validating.Phase)})"
            : $"resuming sprint plan {_plan.PlanId} at {_plan.Current ?? NextSprint()?.Id ?? "its end"}");
        _plan = _plan with { State = Next(PlanTrigger.Resume), HaltReason = null };
        Save();
        return inChecks
            ? await ValidatedAsync(SprintEngine(validating!.Target, validates: true).ResumeAsync(resetIce, force, ct))
            : await RunSprintsAsync((resetIce, force), ct);
    }

    /// <summary>HALTED → JACKED_OUT for a halted plan and its halted sprint's run: a person ends the plan instead of resuming it.</summary>
    public SprintPlanState JackOut(string? reason)
    {
        _plan = SprintPlanStateFile.Read(Paths) is { State: RunState.Halted } plan
            ? plan
            : throw new RunModeException("no halted sprint plan in .run/sprint-plan-state.json to jack out of");
        if (ctx.Runs.CurrentRun() is { State: RunState.Halted })
        {
            new RunEngine(ctx).JackOut(reason);
        }

        _plan = _plan with { State = Next(PlanTrigger.JackOut) };
        Save();
        return Ended(ctx.Git, _plan);
    }

    /// <summary>The git-aware state sync for a plan left at RUNNING by a lost engine; null when it does not fire.</summary>
    public SprintPlanState? SyncFromGit()
    {
        var sync = SprintPlanStateSync.Run(Paths.SprintPlanState, ctx.Git, ctx.Config.RunMode, ctx.Clock, onePerSprint: true);
        if (!sync.Synced)
        {
            return null;
        }

        Report($"git-aware state sync: {sync.CommitsFound} of {sync.CommitsExpected} sprint commit(s) are on {ctx.Config.RunMode.BaseBranch}..HEAD, so the plan is marked JACKED_OUT {sync.ToJson()}");
        return SprintPlanStateFile.Read(Paths);
    }

    private async Task<SprintPlanState> RunSprintsAsync((bool ResetIce, bool Force)? resume, CancellationToken ct)
    {
        while (NextSprint() is { } sprint)
        {
            ct.ThrowIfCancellationRequested();
            var branch = _plan.Options.Consolidate ? _plan.Branch : $"{_plan.Branch}-{sprint.Id}";
            var index = _plan.Sprints.ToList().IndexOf(sprint) + 1;
            _plan = _plan.With(sprint with { Status = PlanSprintStatus.InProgress, Branch = branch, Cycles = sprint.Cycles ?? 0 }) with { Current = sprint.Id };
            Save();
            Report($"plan {_plan.PlanId}: {sprint.Id} ({index} of {_plan.Sprints.Count}) on {branch}");

            RunSnapshot run;
            try
            {
                run = await RunSprintAsync(sprint.Id, branch, resume, ct);
            }
            catch (RunModeException e)
            {
                _plan = _plan with { State = Next(PlanTrigger.Halt), HaltReason = e.Message };
                Save();
                throw;
            }

            resume = null;
            _plan = _plan.With(Record(_plan.Sprint(sprint.Id)!, run));
            // A consolidated plan's sprint publishes nothing itself: COMPLETE is the last one waiting for the plan's PR and its checks.
            if (run.State is RunState.JackedOut or RunState.ReadyForHitl || (run.State == RunState.Complete && _plan.Options.Consolidate))
            {
                _plan = _plan.With(_plan.Sprint(sprint.Id)! with { Status = PlanSprintStatus.Completed });
                Save();
                Report($"{sprint.Id} completed in {run.CycleCurrent} cycle(s); {_plan.Completed} of {_plan.Sprints.Count} sprint(s) done");
                continue;
            }

            // A halted sprint stops the plan, its state kept for a resume. A COMPLETE run here is one whose push failed.
            var reason = run.State == RunState.Complete
                ? $"{sprint.Id} passed but its branch {branch} is not pushed"
                : run.HaltReason ?? "halted";
            if (run.State == RunState.Complete)
            {
                _plan = _plan.With(_plan.Sprint(sprint.Id)! with { Status = PlanSprintStatus.Completed });
            }

            _plan = _plan with { State = Next(PlanTrigger.Halt), HaltReason = reason };
            Save();
            if (_plan.Options.Consolidate)
            {
                PublishPlan(incomplete: true);
            }

            Report($"sprint plan {_plan.PlanId} halted at {sprint.Id}: {reason}; continue with `ias run-resume`");
            return _plan;
        }

        _plan = _plan with { State = Next(PlanTrigger.AllSprintsDone), Current = null, HaltReason = null };
        Save();
        return await PublishAsync(ct);
    }

    private async Task<RunSnapshot> RunSprintAsync(string sprintId, string branch, (bool ResetIce, bool Force)? resume, CancellationToken ct)
    {
        // The last sprint's run of a consolidated plan validates the plan's PR once the plan has opened it.
        var engine = SprintEngine(sprintId, validates: _plan.Options.Consolidate && _plan.Sprints.Count(s => s.Status != PlanSprintStatus.Completed) == 1);

        // The sprint's own run is resumed when it is the one that stopped; a run that already finished only needs recording,
        // and one stopped during jack-in never started, so the sprint starts again below.
        if (resume is { } r && ctx.Runs.CurrentRun() is { } last && last.Target == sprintId && last.State is not (RunState.Ready or RunState.JackIn))
        {
            return last.State is RunState.JackedOut or RunState.ReadyForHitl ? last : await engine.ResumeAsync(r.ResetIce, r.Force, ct);
        }

        return await engine.StartAsync(new StartRequest(sprintId, _plan.Options.Run, branch), ct);
    }

    /// <summary>The sprint's engine; <paramref name="validates"/>: the run that validates the plan's consolidated PR, through the plan's publisher.</summary>
    private RunEngine SprintEngine(string sprintId, bool validates) => new(ctx)
    {
        Inputs = _inputs,
        CheckoutHeld = true,
        ConfirmPush = ConfirmPush,
        DeferPublish = _plan.Options.Consolidate,
        OwnerPublish = validates ? PublishForValidation : null,
        Observer = (run, _) =>
        {
            if (run.Target == sprintId && _plan.Sprint(sprintId) is { } s)
            {
                _plan = _plan.With(s with { Cycles = run.CycleCurrent, RunId = run.RunId, Commits = run.Commits, FilesChanged = run.FilesChanged });
                Save();
            }
        },
    };

    private async Task<SprintPlanState> PublishAsync(CancellationToken ct)
    {
        if (!_plan.Options.Consolidate)
        {
            // Each sprint's run opened its own PR from its own branch, and validated it when post-PR validation is on.
            var validated = RunCompletion.ValidationOn(ctx.Config.PostPr);
            _plan = _plan with { State = Next(validated ? PlanTrigger.Validated : PlanTrigger.Published) };
            Save();
            Report($"sprint plan {_plan.PlanId} finished: {_plan.Completed} of {_plan.Sprints.Count} sprint(s), one draft PR per sprint"
                + (validated ? ", each validated by post-PR validation: ready for human review" : ""));
            return _plan;
        }

        var outcome = PublishPlan(incomplete: false);
        if (outcome.PushError is { } error)
        {
            Report($"sprint plan {_plan.PlanId} finished but {_plan.Branch} is not pushed ({error}); it stays COMPLETE until `ias run-resume` pushes it");
            return _plan;
        }

        if (outcome.PrError is { } prError)
        {
            Report($"sprint plan {_plan.PlanId} finished and {_plan.Branch} is pushed, but its draft PR was not opened ({prError}); it stays COMPLETE until `ias run-resume` opens it");
            return _plan;
        }

        if (ctx.Runs.CurrentRun() is { State: RunState.Complete } held && _plan.ValidatedBy(held))
        {
            _plan = _plan with { State = Next(PlanTrigger.Validate) };
            Save();
            Report($"sprint plan {_plan.PlanId}: consolidated draft PR {_plan.PrUrl ?? "(text in .run/pr.md)"} open; post-PR validation checks it (POST_PR_AUDIT, E2E_TESTING) through {held.Target}'s run");
            return await ValidatedAsync(SprintEngine(held.Target, validates: true).ValidateAsync(outcome, ct));
        }

        _plan = _plan with { State = Next(PlanTrigger.Published) };
        Save();
        Report($"sprint plan {_plan.PlanId} finished: {_plan.Completed} of {_plan.Sprints.Count} sprint(s), {_plan.TotalCycles} cycle(s)"
            + (_plan.PrUrl is { } url ? $"; consolidated draft PR: {url}" : ""));
        return _plan;
    }

    /// <summary>The end of the consolidated PR's post-PR validation: READY_FOR_HITL, or HALTED with the reason (its draft already [INCOMPLETE]).</summary>
    private async Task<SprintPlanState> ValidatedAsync(Task<RunSnapshot> validation)
    {
        RunSnapshot run;
        try
        {
            run = await validation;
        }
        catch (RunModeException e)
        {
            _plan = _plan with { State = Next(PlanTrigger.Halt), HaltReason = e.Message };
            Save();
            throw;
        }

        if (run.State == RunState.ReadyForHitl)
        {
            _plan = _plan with { State = Next(PlanTrigger.Validated), HaltReason = null };
            Save();
            Report($"sprint plan {_plan.PlanId}: post-PR validation passed; the consolidated draft PR {_plan.PrUrl ?? "(text in .run/pr.md)"} waits for a person");
            return _plan;
        }

        var reason = run.HaltReason ?? "halted in post-PR validation";
        _plan = _plan with { State = Next(PlanTrigger.Halt), HaltReason = reason };
        Save();
        Report($"sprint plan {_plan.PlanId} halted in post-PR validation: {reason}; its draft is marked [INCOMPLETE]; continue with `ias run-resume`");
        return _plan;
    }

    /// <summary>The plan's publisher as the validating run uses it: a post-PR fix updates the PR, a halt marks it [INCOMPLETE] with the run's reason.</summary>
    private PublishOutcome PublishForValidation(RunSnapshot run, bool incomplete)
    {
        if (incomplete)
        {
            _plan = _plan with { HaltReason = run.HaltReason };
        }

        return PublishPlan(incomplete);
    }

    /// <summary>The single consolidated draft PR (or its [INCOMPLETE] form at a halt); its URL goes into the plan's record.</summary>
    private PublishOutcome PublishPlan(bool incomplete)
    {
        var outcome = new PlanPublisher(ctx, _inputs, ConfirmPush, m => Report(m)).Publish(_plan, incomplete);
        _plan = _plan with { PrUrl = outcome.PrUrl ?? _plan.PrUrl };
        Save();
        return outcome;
    }

    private void UseInputs(RunInputs inputs)
    {
        _inputs = inputs;
        ctx = ctx.WithInputs(inputs);
    }

    /// <summary>The plan's state after <paramref name="trigger"/>; a move its state does not permit throws before anything is saved.</summary>
    private RunState Next(PlanTrigger trigger) => PlanStateMachine.Next(_plan.State, trigger);

    private PlanSprint? NextSprint() => _plan.Sprints.FirstOrDefault(s => s.Status != PlanSprintStatus.Completed);

    private static PlanSprint Record(PlanSprint sprint, RunSnapshot run) =>
        sprint with { Cycles = run.CycleCurrent, RunId = run.RunId, Commits = run.Commits, FilesChanged = run.FilesChanged };

    /// <summary>A sprint already COMPLETED is skipped: completed in the previous plan, marked COMPLETED in its a2a folder, or in the ledger.</summary>
    private PlanSprint Initial(string id, SprintPlanState? previous, bool inLedger)
    {
        if (previous?.Sprint(id) is { Status: PlanSprintStatus.Completed } done)
        {
            return done with { Skipped = true };
        }

        return inLedger || A2aFiles.IsCompleted(ctx.RepoRoot, A2aFiles.Folder(id))
            ? new PlanSprint(id, PlanSprintStatus.Completed, 0, Skipped: true)
            : new PlanSprint(id, PlanSprintStatus.Pending);
    }

    private void Save()
    {
        _plan = _plan with { Updated = Now };
        SprintPlanStateFile.Write(Paths, _plan);
    }

    private void Report(string message) =>
        ctx.Progress(string.Create(CultureInfo.InvariantCulture, $"{Now:HH:mm:ss} PLAN       {message}"));
}
