using System.Security.Cryptography;
using Ias.Core.Cycles.A2a;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Live;
using Ias.Core.Cycles.Preflight;
using Ias.Core.Cycles.Publishing;
using Ias.Core.Cycles.Records;
using Ias.Core.Cycles.Steps;
using Ias.Core.Git;
using Ias.Core.Notifications;
using Ias.Core.Processes;
using Ias.Core.Safety;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Engine;

/// <summary>
/// Run Mode for one sprint, in our own process: jack in (or resume, or jack out), then the implement → review → audit loop
/// driven by the tables in <see cref="Machines"/>, its state owned by a <see cref="LiveRun"/> and persisted to SQLite, then
/// mirrored into `.run/`.
/// </summary>
public sealed partial class RunEngine(EngineContext ctx)
{
    private HeldInputs? _held;
    private RunNotifier? _notifier;

    // The parts of the run that a start or a resume is working on; a lost state halts through them.
    private RunCrew? _crew;
    private readonly RunTree _tree = new();

    /// <summary>Told after every save of the run, with its breaker; a sprint plan or a bug run mirrors its own state from it.</summary>
    public Action<RunSnapshot, BreakerSnapshot>? Observer { get; init; }

    /// <summary>The sprint text to work on instead of a `## Sprint N` section of the plan (a bug's micro-sprint); whoever supplies it screens it.</summary>
    public string? SprintText { get; init; }

    /// <summary>Set by a sprint plan or a bug run that holds the checkout for its whole span, so the sprint's run neither takes it again nor is refused by it.</summary>
    internal bool CheckoutHeld { get; init; }

    /// <summary>Asked before any remote operation under --confirm-push or auto_push: prompt; null means there is no one to ask (treated as no).</summary>
    public Func<string, bool?>? ConfirmPush { get; init; }

    /// <summary>Leave pushing and the draft PR to the caller (a consolidated sprint plan, a bug run): the engine only commits.</summary>
    public bool DeferPublish { get; init; }

    /// <summary>
    /// With DeferPublish: the owner's publisher, given when the owner has the run's PR validated. The run then stays COMPLETE
    /// when it passes, for the owner to open its PR and call <see cref="ValidateAsync"/>; the post-PR fixes and a halt's
    /// [INCOMPLETE] draft go to that PR through it.
    /// </summary>
    public OwnerPublish? OwnerPublish { get; init; }

    /// <summary>Where the run's a2a files go; a bug run gives its bug's folder, a sprint's run its `sprint-N` folder.</summary>
    public A2aFolder? A2a { get; init; }

    /// <summary>
    /// Inputs a caller took for this run, with the context's configuration already read from them (a sprint plan takes
    /// them once for all its sprints, a bug run before its triage). Null: the engine takes them itself at jack-in and, on
    /// resume, uses the run's copy.
    /// </summary>
    public RunInputs? Inputs { get; init; }

    /// <summary>The lane's engine lock, taken by the caller when it chose the lane (<see cref="RunLanes.Take"/>); the engine lets it go at its end.</summary>
    public EngineLock? Lock { get; init; }

    /// <summary>Told each notification as it goes out, coalesced: a headless run in a terminal rings it.</summary>
    public Action<Notification>? Notified { get; init; }

    /// <summary>The steps that run the phases: ias's own, or a list with a new step in it (`docs/extending.md`).</summary>
    internal RunSteps Steps { get; init; } = RunSteps.Builtin;

    private HeldInputs Held => _held ??= new HeldInputs(ctx, Inputs, SprintText is not null);

    /// <summary>The context, with the run's own configuration once its inputs are in place.</summary>
    private EngineContext Ctx => Held.Context;

    /// <summary>Jack-in checks; throws <see cref="RunModeException"/> on the first that fails. Changes nothing but the guardrails' log.</summary>
    public PreflightPlan Preflight(StartRequest request)
    {
        if (request.Options.DryRun)
        {
            Held.DryRun();
        }

        return new PreflightChecks(Ctx) { SprintText = SprintText, CheckoutHeld = CheckoutHeld, EngineHeld = Lock is not null, Plan = Held.PinnedPlan, Guardrails = Held.Guardrails }.Check(request);
    }

    /// <summary>Jack in, then loop until the sprint passes, the breaker trips, or a halt arrives.</summary>
    public Task<RunSnapshot> StartAsync(StartRequest request, CancellationToken ct) => ThenCloseNotifierAsync(() => JackInAsync(request, ct));

    private async Task<RunSnapshot> JackInAsync(StartRequest request, CancellationToken ct)
    {
        if (await (Lock is { } taken ? OrphanAgents.StopHeldAsync(Ctx, taken, ct) : OrphanAgents.StopAsync(Ctx, ct)) is { } orphan)
        {
            Ctx.Progress($"stopped agent process group {orphan} left running by an engine that stopped");
        }

        Held.Take();
        var plan = Preflight(request);
        _notifier = new RunNotifier(Ctx, Notified);
        using var engineLock = Lock is { } held ? Owned(held) : AcquireLock();
        var guard = new StateLossGuard(Ctx, engineLock);
        // One writer a repository still: a run and a queue's writing job share ICE's pre-push hook and the guard's view of it.
        using var checkout = CheckoutHeld ? null : PreflightChecks.TakeCheckout(Ctx, $"a Run Mode run of {request.Target}");
        if (!CheckoutHeld)
        {
            Held.WorkIn(_tree.Open(Ctx, plan.Branch, plan));
            return _tree.End(await WithIceAsync(() => StartOnBranchAsync(request, plan, guard, ct)), Ctx.Progress);
        }

        if (plan.CreatesBranch)
        {
            Ctx.Git.SwitchTo(plan.Branch);
        }

        return await WithIceAsync(() => StartOnBranchAsync(request, plan, guard, ct));
    }

    /// <summary>ICE's hook for the run's whole life; the state taken away mid-run halts it with one line.</summary>
    private async Task<RunSnapshot> WithIceAsync(Func<Task<RunSnapshot>> run)
    {
        var ice = RunGit.InstallIce(Ctx);
        try
        {
            return await run();
        }
        catch (RunStateLostException lost)
        {
            return _crew!.Halting.HaltOnLostState(lost.Lost);
        }
        finally
        {
            RunGit.RemoveIce(Ctx, ice);
        }
    }

    private async Task<RunSnapshot> StartOnBranchAsync(StartRequest request, PreflightPlan plan, StateLossGuard guard, CancellationToken ct)
    {
        var now = Ctx.Clock.GetUtcNow();
        var options = request.Options with { Unsandboxed = !Ctx.Agents.Sandboxed };
        var live = Live(new RunSnapshot(
            RunId: $"run-{now:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}",
            Target: request.Target,
            Branch: plan.Branch,
            State: RunState.Ready,
            Phase: Phase.Implement,
            Started: now,
            LastActivity: now,
            CycleCurrent: 0,
            CycleLimit: options.MaxCycles,
            CycleHistory: [],
            FilesChanged: 0,
            Commits: 0,
            FindingsFixed: 0,
            Options: options), guard);
        Held.Keep(live.Run.RunId);
        var cfg = Ctx.Config.RunMode;
        live.Guard(
            new CircuitBreaker(CircuitBreaker.Fresh(now, options.MaxCycles, options.TimeoutHours, cfg.SameIssueThreshold, cfg.NoProgressThreshold), Ctx.Clock),
            CallGate.Rate(Ctx));
        Ctx.RunFiles.Adopt();
        var crew = Crew(live);

        live.Fire(RunTrigger.Start, "pre-flight checks");
        live.Fire(RunTrigger.PreflightPassed, $"on branch {plan.Branch}");
        if (live.StartCycle(1) is { } trip)
        {
            crew.Halting.TripHalt(trip);
            return live.Run;
        }

        live.Persist();
        return await crew.Loop.RunAsync(plan.SprintText, ct);
    }

    /// <summary>Continue the current run: after a halt, a trip (with <paramref name="resetIce"/>) or a killed engine.</summary>
    public Task<RunSnapshot> ResumeAsync(bool resetIce, bool force, CancellationToken ct) => ThenCloseNotifierAsync(() => ResumeRunAsync(resetIce, force, ct));

    private async Task<RunSnapshot> ResumeRunAsync(bool resetIce, bool force, CancellationToken ct)
    {
        var mirrored = Ctx.RunFiles.ReadState(); // a corrupt mirror stops us here, with its path, before anything is written
        using var engineLock = AcquireLock();
        var guard = new StateLossGuard(Ctx, engineLock);

        // The agent of a killed engine goes first, whatever else this resume finds.
        var orphan = await OrphanAgents.StopHeldAsync(Ctx, engineLock, ct);
        var (found, adopted) = CurrentOrAdopted(mirrored, new PreflightChecks(Ctx) { CheckoutHeld = CheckoutHeld }.CheckTakeover);
        var run = found ?? throw ResumeRefusals.NoRun(Ctx, orphan, resetIce);
        if (RunSnapshot.IsBugTarget(run.Target) && SprintText is null)
        {
            throw new RunModeException(
                $"run {run.RunId} is the bug run {run.Target}, and a bug run is not resumed (a bug's HALTED has no way out): see .run/bugs/, then start a new one with `ias run --bug \"description\"`");
        }

        using var checkout = CheckoutHeld ? null : PreflightChecks.TakeCheckout(Ctx, $"a Run Mode run of {run.Target}");
        _tree.Resume(Ctx, run, Held.WorkIn, CheckoutHeld);

        var live = Live(run, guard);
        // Before this resume writes events of its own; a run put back from the files last worked at their last_activity.
        var lastAlive = adopted ? run.LastActivity : LastAlive(run);
        Held.Resume(live);
        _notifier = new RunNotifier(Ctx, Notified);

        // The run says how its agents run now (the box is set up from the run's inputs): a resume may turn it on or off.
        live.Update(r => r with { Options = r.Options with { Unsandboxed = !Ctx.Agents.Sandboxed } });
        if (orphan is not null)
        {
            live.Event(RunEventKind.Recover, $"stopped agent process group {orphan} left running by the engine that stopped");
        }

        GuardAsStored(live);
        Ctx.RunFiles.Adopt();
        live.OpenFindings = live.LastFindings();
        var crew = Crew(live);
        if (ResumeRefusals.Check(run, live, resetIce, crew.Completion) is { } finished)
        {
            return finished;
        }

        // A resumed run commits after its next turn as a started one does: an identity gone since jack-in refuses it now.
        if (Ctx.Git.IdentityProblem() is { } nobody)
        {
            throw new RunModeException(nobody);
        }

        crew.Git.EnsureBranchAndTree(force);
        crew.Git.CheckDiverged(force);
        if (SprintCommit.PatternWarning(Ctx.Config.RunMode.SprintCommitPattern, run.Target) is { } patternWarning)
        {
            live.Report($"warning: {patternWarning}");
        }

        return _tree.End(await WithIceAsync(() => ContinueAsync(run, live, crew, lastAlive, resetIce, ct)), Ctx.Progress);
    }

    private async Task<RunSnapshot> ContinueAsync(RunSnapshot run, LiveRun live, RunCrew crew, DateTimeOffset lastAlive, bool resetIce, CancellationToken ct)
    {
        // The timeout counts running time only: the hours halted, or with no engine alive, are not spent (a reset below
        // starts a new window anyway).
        live.Breaker.NotRunning(live.Now - lastAlive);
        // Read from the run's copy and screened before anything changes: `--reload-config` may have taken a new plan.
        var sprint = SprintText ?? ResumedSection(run.Target);
        if (resetIce && live.Breaker.State == BreakerState.Open)
        {
            live.Breaker.Reset();
            live.Event(RunEventKind.Breaker, "circuit breaker reset by --reset-ice: HALF_OPEN until one cycle succeeds");
        }

        if (run.State == RunState.Halted)
        {
            crew.Decisions.WaitSince = live.Now;
            live.Fire(RunTrigger.Resume, $"resuming at cycle {run.CycleCurrent}, {WireName.Of(run.Phase)}");
        }
        else
        {
            live.Fire(RunTrigger.Recover, $"engine had stopped mid-run; continuing cycle {run.CycleCurrent} at {WireName.Of(run.Phase)}");
        }

        live.Update(r => r with { HaltReason = null });

        // An engine can stop between RUNNING and the start of cycle 1 (kill -9, a full disk while writing state.json);
        // no cycle ran yet, so cycle 1 starts now rather than the loop running a phase as cycle 0.
        if (live.Run.CycleCurrent == 0 && live.StartCycle(1) is { } trip)
        {
            crew.Halting.TripHalt(trip);
            return live.Run;
        }

        live.Persist();
        return await crew.Loop.RunAsync(sprint, ct);
    }

    /// <summary>HALTED → JACKED_OUT: a person ends a halted run for good instead of resuming it (<see cref="RunJackOut"/>).</summary>
    public RunSnapshot JackOut(string? reason)
    {
        var mirrored = Ctx.RunFiles.ReadState();
        using var engineLock = AcquireLock();
        var (found, adopted) = CurrentOrAdopted(mirrored);
        var run = found ?? throw new RunModeException($"no run in {Ctx.RepoRoot}: nothing to jack out of");
        return _tree.EndOf(Ctx.Git, RunJackOut.End(Ctx, Live(run, guard: null), adopted, reason), Ctx.Progress);
    }

    /// <summary>The run's circuit breaker as ias.db keeps it, and the repository's rate window, put on <paramref name="live"/>.</summary>
    private void GuardAsStored(LiveRun live) =>
        live.Guard(
            new CircuitBreaker(
                Ctx.Safety.LoadBreaker(live.Run.RunId)
                    ?? throw new RunModeException($"run {live.Run.RunId} has no circuit-breaker record in {Ctx.Paths.Database}; remove .run/ to start fresh"),
                Ctx.Clock),
            CallGate.Rate(Ctx));

    /// <summary>The run as this engine works on it; its gates are told through the notifier a start or a resume opened.</summary>
    private LiveRun Live(RunSnapshot run, StateLossGuard? guard) =>
        new(Ctx, run, guard) { Observer = Observer, Transitioned = (r, from, trigger, why) => _notifier?.Transitioned(r, from, trigger, why) };

    /// <summary>The parts that work on <paramref name="live"/>, made once its inputs, breaker and rate budget are in place.</summary>
    private RunCrew Crew(LiveRun live)
    {
        var a2a = new A2aWriter(Ctx, live, A2a, Held.Guardrails);
        var git = new RunGit(Ctx, live, a2a, Held.Inputs, _notifier, ConfirmPush, DeferPublish, OwnerPublish);
        var halting = new RunHalting(live, git);
        var completion = new RunCompletion(Ctx, live, git, a2a, DeferPublish, OwnerPublish is not null);
        var decisions = new RunDecisions(Ctx, live, halting, a2a, _notifier);
        var turns = new RunTurns(Ctx, live, Held, a2a, git, halting, decisions, _notifier);
        var loop = new PhaseLoop(Ctx, live, Held, turns, decisions, halting,
            Steps.Make(new StepParts(Ctx, live, Held.Inputs, a2a, git, halting, completion)));
        return _crew = new RunCrew(git, halting, completion, decisions, loop);
    }

    /// <summary>Runs a start, resume or validation to its end, then closes the notifier, whether the run ended or threw.</summary>
    private async Task<RunSnapshot> ThenCloseNotifierAsync(Func<Task<RunSnapshot>> run)
    {
        try
        {
            return await run();
        }
        finally
        {
            // The hooks of this run finish (or reach their limit) before the engine reports its end.
            if (_notifier is { } notifier)
            {
                _notifier = null;
                await notifier.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The run to resume or end: the one state.json holds when ias.db has no record of it (the original tools' run, or
    /// ias's after ias.db went), put into ias.db from the files once it passed <paramref name="check"/> (a resume's: the
    /// checks a new run passes, its agents, git and the push), otherwise ias.db's current run.
    /// </summary>
    private (RunSnapshot? Run, bool Adopted) CurrentOrAdopted(RunSnapshot? mirrored, Action<RunSnapshot>? check = null)
    {
        if (mirrored is null || Ctx.Runs.GetRun(mirrored.RunId) is not null)
        {
            return (Ctx.Runs.CurrentRun(), false);
        }

        check?.Invoke(mirrored);
        return (MirrorRecovery.Restore(Ctx, mirrored), true);
    }

    /// <summary>The last moment an engine worked on <paramref name="run"/>: its last save, or a later agent event of a killed engine.</summary>
    private DateTimeOffset LastAlive(RunSnapshot run) =>
        Ctx.Runs.LastEventAt(run.RunId) is { } at && at > run.LastActivity ? at : run.LastActivity;

    private string ResumedSection(string target)
    {
        var plan = Held.Plan();
        var number = SprintPlan.NumberOf(target) ?? 0;
        var sprint = plan.Scanned(number)
            ?? throw new RunModeException($"{target} is not in the copy of {plan.Source} this run took at jack-in; `ias run-resume --reload-config` takes the plan as it is now");
        Held.Guardrails.Screen(target, sprint);
        return sprint.Text;
    }

    private EngineLock AcquireLock()
    {
        Ctx.Paths.EnsureCreated();
        return Owned(EngineLock.TryAcquire(Ctx.Paths.EngineLock, Ctx.Owner, out var holder)
            ?? throw new RunModeException($"another engine ({holder ?? "unknown owner"}) is running in this repository; watch it with `ias run-status` or halt it with `ias run-halt`"));
    }

    // The lock's git children (see EngineChildren) are this engine's from now on.
    private EngineLock Owned(EngineLock held)
    {
        EngineChildren.Own(held.Path, Ctx.Owner);
        return held;
    }

    /// <summary>The parts of one start or resume.</summary>
    private sealed record RunCrew(RunGit Git, RunHalting Halting, RunCompletion Completion, RunDecisions Decisions, PhaseLoop Loop);
}
