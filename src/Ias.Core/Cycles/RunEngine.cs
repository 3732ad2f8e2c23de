using System.Globalization;
using System.Security.Cryptography;
using Ias.Core.Git;
using Ias.Core.Safety;
using Ias.Core.Sandbox;
using Ias.Core.StateMachines;
using Ias.Core.Storage;
using Stateless;

namespace Ias.Core.Cycles;

/// <summary>
/// Run Mode for one sprint, in our own process: the implement → review → audit loop driven by the tables in
/// <see cref="Machines"/>, every counter owned here and persisted to SQLite, then mirrored into `.run/`.
/// </summary>
public sealed partial class RunEngine
{
    // Not readonly: at jack-in and on resume the configuration becomes the run's own copy (see RunEngine.Inputs.cs).
    private EngineContext _ctx;
    private RunSnapshot _run = null!;
    private StateMachine<RunState, RunTrigger> _state = null!;
    private StateMachine<Phase, PhaseTrigger> _phase = null!;
    private CircuitBreaker _breaker = null!;
    private RateLimiter _rate = null!;
    private IReadOnlyList<Finding> _openFindings = [];
    private StateLossGuard? _guard;

    // One for the run: it asks git where the hooks and config live once, not at every turn.
    private RepoGuard? _repoGuard;

    // The run's agents work in it, turn after turn, so their build caches survive; made at the first boxed turn.
    private Workspace? _workspace;

    // The prompt's `git diff --stat` of the run, with the HEAD and commit count it was asked at (see DiffSummary).
    private (string Head, int Commits, string Text)? _diffSummary;

    // Agent tool calls and text, stored in batches (see FlushAgentEvents); the raw log on disk has every line at once.
    private readonly List<(DateTimeOffset At, string Kind, string Message)> _agentEvents = [];

    public RunEngine(EngineContext ctx)
    {
        _ctx = ctx;
    }

    private DateTimeOffset Now => _ctx.Clock.GetUtcNow();

    /// <summary>Told after every save of the run, with its breaker; a sprint plan or a bug run mirrors its own state from it.</summary>
    public Action<RunSnapshot, BreakerSnapshot>? Observer { get; init; }

    /// <summary>The sprint text to work on instead of a `## Sprint N` section of the plan (a bug's micro-sprint); whoever supplies it screens it.</summary>
    public string? SprintText { get; init; }

    /// <summary>Set by a sprint plan or a bug run that holds the checkout for its whole span, so the sprint's run neither takes it again nor is refused by it.</summary>
    internal bool CheckoutHeld { get; init; }

    /// <summary>Jack in, then loop until the sprint passes, the breaker trips, or a halt arrives.</summary>
    public async Task<RunSnapshot> StartAsync(StartRequest request, CancellationToken ct)
    {
        try
        {
            return await JackInAsync(request, ct);
        }
        finally
        {
            await CloseNotifierAsync();
        }
    }

    private async Task<RunSnapshot> JackInAsync(StartRequest request, CancellationToken ct)
    {
        if (await OrphanAgents.StopAsync(_ctx, ct) is { } orphan)
        {
            _ctx.Progress($"stopped agent process group {orphan} left running by an engine that stopped");
        }

        TakeInputs();
        var plan = Preflight(request);
        OpenNotifier();
        using var engineLock = AcquireLock();
        _guard = new StateLossGuard(_ctx, engineLock);
        using var checkout = CheckoutHeld ? null : TakeCheckout(_ctx, $"a Run Mode run of {request.Target}");

        if (plan.CreatesBranch)
        {
            _ctx.Git.SwitchTo(plan.Branch);
        }

        var ice = InstallIce();
        try
        {
            return await StartOnBranchAsync(request, plan, ct);
        }
        catch (RunStateLostException lost)
        {
            return HaltOnLostState(lost.Lost);
        }
        finally
        {
            RemoveIce(ice);
        }
    }

    private async Task<RunSnapshot> StartOnBranchAsync(StartRequest request, PreflightPlan plan, CancellationToken ct)
    {
        var now = Now;
        var options = request.Options with { Unsandboxed = !_ctx.Agents.Sandboxed };
        _run = new RunSnapshot(
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
            Options: options);
        KeepInputs();
        BindMachines();
        var cfg = _ctx.Config.RunMode;
        _breaker = new CircuitBreaker(
            CircuitBreaker.Fresh(now, options.MaxCycles, options.TimeoutHours, cfg.SameIssueThreshold, cfg.NoProgressThreshold),
            _ctx.Clock);
        _rate = CallGate.Rate(_ctx);
        _ctx.RunFiles.Adopt();

        Fire(RunTrigger.Start, "pre-flight checks");
        Fire(RunTrigger.PreflightPassed, $"on branch {plan.Branch}");
        if (StartCycle(1) is { } trip)
        {
            TripHalt(trip);
            return _run;
        }

        Persist();
        return await LoopAsync(plan.SprintText, ct);
    }

    /// <summary>Continue the current run: after a halt, a trip (with <paramref name="resetIce"/>) or a killed engine.</summary>
    public async Task<RunSnapshot> ResumeAsync(bool resetIce, bool force, CancellationToken ct)
    {
        try
        {
            return await ResumeRunAsync(resetIce, force, ct);
        }
        finally
        {
            // The hooks of this start or resume finish (or reach their limit) before the engine reports its end.
            await CloseNotifierAsync();
        }
    }

    private async Task<RunSnapshot> ResumeRunAsync(bool resetIce, bool force, CancellationToken ct)
    {
        var mirrored = _ctx.RunFiles.ReadState(); // a corrupt mirror stops us here, with its path, before anything is written
        using var engineLock = AcquireLock();
        _guard = new StateLossGuard(_ctx, engineLock);

        // The agent of a killed engine goes first, whatever else this resume finds.
        var orphan = await OrphanAgents.StopHeldAsync(_ctx, ct);
        var (run, adopted) = CurrentOrAdopted(mirrored);
        if (run is null)
        {
            if (orphan is { } group)
            {
                _ctx.Progress($"stopped agent process group {group} left running by the engine that stopped");
            }

            // The original tools' breaker, tripped with no run beside it: --reset-ice is the one thing to resume, and it frees the repository.
            if (resetIce && _ctx.SafetyFiles.ReadBreaker() is { State: BreakerState.Open } lone)
            {
                var reset = new CircuitBreaker(lone, _ctx.Clock);
                reset.Reset();
                _ctx.SafetyFiles.Adopt();
                _ctx.SafetyFiles.WriteBreaker(reset.Snapshot);
                throw new RunModeException($"circuit breaker in {_ctx.Paths.Display(_ctx.Paths.CircuitBreaker)} reset to HALF_OPEN, but there is no run to resume: start one with `ias run sprint-N`");
            }

            throw new RunModeException($"no run to resume in {_ctx.RepoRoot}: start one with `ias run sprint-N`");
        }

        if (IsBugTarget(run.Target) && SprintText is null)
        {
            throw new RunModeException(
                $"run {run.RunId} is the bug run {run.Target}, and a bug run is not resumed (a bug's HALTED has no way out): see .run/bugs/, then start a new one with `ias run --bug \"description\"`");
        }

        using var checkout = CheckoutHeld ? null : TakeCheckout(_ctx, $"a Run Mode run of {run.Target}");

        _run = run;
        // Before this resume writes events of its own; a run put back from the files last worked at their last_activity.
        var lastAlive = adopted ? run.LastActivity : LastAlive(run);
        ResumeInputs();
        OpenNotifier();

        // The run says how its agents run now (the box is set up from the run's inputs): a resume may turn it on or off.
        _run = _run with { Options = _run.Options with { Unsandboxed = !_ctx.Agents.Sandboxed } };
        if (orphan is not null)
        {
            Event("recover", $"stopped agent process group {orphan} left running by the engine that stopped");
        }

        BindMachines();
        _breaker = new CircuitBreaker(
            _ctx.Safety.LoadBreaker(run.RunId)
                ?? throw new RunModeException($"run {run.RunId} has no circuit-breaker record in {_ctx.Paths.Database}; remove .run/ to start fresh"),
            _ctx.Clock);
        _rate = CallGate.Rate(_ctx);
        _ctx.RunFiles.Adopt();
        _openFindings = LastFindings();

        switch (run.State)
        {
            case RunState.JackedOut or RunState.ReadyForHitl:
                throw new RunModeException($"run {run.RunId} already finished ({WireName.Of(run.State)}); start a new one with `ias run {run.Target}`");
            case RunState.Ready or RunState.JackIn:
                throw new RunModeException($"run {run.RunId} never passed pre-flight; start it again with `ias run {run.Target}`");
            case RunState.Complete:
                // Publishing again; a run that validates its PR goes on to the checks, here.
                if (Finish().State != RunState.Running)
                {
                    return _run;
                }

                break;
            case RunState.Halted when _breaker.Snapshot.History.LastOrDefault()?.Trigger == CircuitBreaker.CycleLimit && _breaker.State != BreakerState.Closed:
                throw new RunModeException(
                    $"run {run.RunId} used all {run.CycleLimit} cycles and Run Mode never goes past the limit: review branch {run.Branch}, then remove .run/ and start again with a higher --max-cycles");
            case RunState.Halted or RunState.Running when _breaker.State == BreakerState.Open && !resetIce:
                var last = _breaker.Snapshot.History.LastOrDefault();
                throw new RunModeException(
                    $"circuit breaker is OPEN ({last?.Trigger ?? "tripped"}: {last?.Reason ?? "see ias run-status"}); fix the cause, then `ias run-resume --reset-ice`");
        }

        EnsureBranchAndTree(force);
        CheckDiverged(force);
        if (SprintCommit.PatternWarning(_ctx.Config.RunMode.SprintCommitPattern, run.Target) is { } patternWarning)
        {
            Report($"warning: {patternWarning}");
        }

        var ice = InstallIce();
        try
        {
            return await ContinueAsync(run, lastAlive, resetIce, ct);
        }
        catch (RunStateLostException lost)
        {
            return HaltOnLostState(lost.Lost);
        }
        finally
        {
            RemoveIce(ice);
        }
    }

    private async Task<RunSnapshot> ContinueAsync(RunSnapshot run, DateTimeOffset lastAlive, bool resetIce, CancellationToken ct)
    {
        // The timeout counts running time only: the hours halted, or with no engine alive, are not spent (a reset below
        // starts a new window anyway).
        _breaker.NotRunning(Now - lastAlive);
        // Read from the run's copy and screened before anything changes: `--reload-config` may have taken a new plan.
        var sprint = SprintText ?? ResumedSection(run.Target);
        if (resetIce && _breaker.State == BreakerState.Open)
        {
            _breaker.Reset();
            Event("breaker", "circuit breaker reset by --reset-ice: HALF_OPEN until one cycle succeeds");
        }

        if (run.State == RunState.Halted)
        {
            _waitSince = Now;
            Fire(RunTrigger.Resume, $"resuming at cycle {run.CycleCurrent}, {WireName.Of(run.Phase)}");
        }
        else
        {
            Fire(RunTrigger.Recover, $"engine had stopped mid-run; continuing cycle {run.CycleCurrent} at {WireName.Of(run.Phase)}");
        }

        _run = _run with { HaltReason = null };

        // An engine can stop between RUNNING and the start of cycle 1 (kill -9, a full disk while writing state.json);
        // no cycle ran yet, so cycle 1 starts now rather than the loop running a phase as cycle 0.
        if (_run.CycleCurrent == 0 && StartCycle(1) is { } trip)
        {
            TripHalt(trip);
            return _run;
        }

        Persist();
        return await LoopAsync(sprint, ct);
    }

    /// <summary>
    /// HALTED → JACKED_OUT: a person ends a halted run for good instead of resuming it. Its branch, commits and [INCOMPLETE]
    /// draft PR stay as they are; the repository is free for a new run. Only a HALTED run with no engine alive jacks out.
    /// </summary>
    public RunSnapshot JackOut(string? reason)
    {
        var mirrored = _ctx.RunFiles.ReadState();
        using var engineLock = AcquireLock();
        var (found, adopted) = CurrentOrAdopted(mirrored);
        var run = found ?? throw new RunModeException($"no run in {_ctx.RepoRoot}: nothing to jack out of");

        // A run ias takes over from the files alone has no ias engine to halt it first; ending it is the person's call.
        var ending = adopted && run.State is RunState.Running or RunState.Complete;
        if (run.State != RunState.Halted && !ending)
        {
            throw new RunModeException(run.State == RunState.JackedOut
                ? $"run {run.RunId} has already jacked out"
                : $"run {run.RunId} is {WireName.Of(run.State)} and only a HALTED run jacks out: `ias run-resume` continues it");
        }

        _run = run;
        BindMachines();
        _breaker = new CircuitBreaker(
            _ctx.Safety.LoadBreaker(run.RunId) ?? CircuitBreaker.Fresh(run.Started, run.CycleLimit, run.Options.TimeoutHours, 1, 1) with { CycleCurrent = run.CycleCurrent },
            _ctx.Clock);
        _rate = CallGate.Rate(_ctx);
        _ctx.RunFiles.Adopt();
        if (adopted && _run.State == RunState.Running)
        {
            // Only the state changes: its branch and PR are as the original tools left them, and nothing is committed or pushed.
            _run = _run with { HaltReason = "ended with `ias run-halt --jack-out` while its state files said RUNNING" };
            Fire(RunTrigger.Halt, "taken over from the state files to be ended");
        }

        Fire(RunTrigger.JackOut, reason is null ? "ended by user after the halt, not resumed" : $"ended by user after the halt: {reason}");
        return _run;
    }

    /// <summary>
    /// The run to resume or end: the one state.json holds when ias.db has no record of it (the original tools' run, or
    /// ias's after ias.db went), put into ias.db from the files, otherwise ias.db's current run.
    /// </summary>
    private (RunSnapshot? Run, bool Adopted) CurrentOrAdopted(RunSnapshot? mirrored) =>
        mirrored is not null && _ctx.Runs.GetRun(mirrored.RunId) is null
            ? (MirrorRecovery.Restore(_ctx, mirrored), true)
            : (_ctx.Runs.CurrentRun(), false);

    /// <summary>The last moment an engine worked on <paramref name="run"/>: its last save, or a later agent event of a killed engine.</summary>
    private DateTimeOffset LastAlive(RunSnapshot run) =>
        _ctx.Runs.LastEventAt(run.RunId) is { } at && at > run.LastActivity ? at : run.LastActivity;

    private string ResumedSection(string target)
    {
        var plan = PinnedPlan();
        var number = SprintPlan.NumberOf(target) ?? 0;
        var sprint = plan.Scanned(number)
            ?? throw new RunModeException($"{target} is not in the copy of {plan.Source} this run took at jack-in; `ias run-resume --reload-config` takes the plan as it is now");
        Guardrails.Screen(target, sprint);
        return sprint.Text;
    }

    private EngineLock AcquireLock()
    {
        _ctx.Paths.EnsureCreated();
        return EngineLock.TryAcquire(_ctx.Paths.EngineLock, _ctx.Owner, out var holder)
            ?? throw new RunModeException($"another engine ({holder ?? "unknown owner"}) is running in this repository; watch it with `ias run-status` or halt it with `ias run-halt`");
    }

    /// <summary>
    /// The checkout for a run, a plan or a bug run (named by <paramref name="kind"/>), taken for as long as it may change the
    /// work tree; refused with who holds it, such as a queue runner's writing job.
    /// </summary>
    internal static CheckoutLock TakeCheckout(EngineContext ctx, string kind)
    {
        ctx.Paths.EnsureCreated();
        var now = ctx.Clock.GetUtcNow();
        var writer = new CheckoutWriter(kind, Environment.ProcessId, now, "halt it with `ias run-halt` or wait");
        return CheckoutLock.TryTake(ctx.Paths, writer, out var holder)
            ?? throw new RunModeException(holder!.Describe(now));
    }

    private IReadOnlyList<Finding> LastFindings()
    {
        var last = _run.CycleHistory.LastOrDefault(h => h.Phase is Phase.Review or Phase.Audit or Phase.RedTeamCode or Phase.PostPrAudit or Phase.E2eTesting);
        return last is { Findings: > 0 } ? _ctx.Runs.Findings(_run.RunId, last.Cycle, last.Phase) : [];
    }

    /// <summary>The run and phase machines read and write <see cref="_run"/>, the row saved to SQLite, so there is one copy of the state.</summary>
    private void BindMachines()
    {
        _state = Machines.Run(() => _run.State, s => _run = _run with { State = s }, () => _breaker.State);
        _phase = Machines.Phases(
            () => _run.Phase, p => _run = _run with { Phase = p },
            () => _run.ResumePhase, p => _run = _run with { ResumePhase = p });
    }

    private void Fire(RunTrigger trigger, string why)
    {
        var from = _state.State;
        _state.Fire(trigger);
        _run = _run with { LastActivity = Now };
        Event("transition", $"{WireName.Of(from)} → {WireName.Of(_state.State)} ({WireName.Of(trigger).ToLowerInvariant()}): {why}");
        Persist();
        NotifyTransition(from, trigger, why);
    }

    private void FirePhase(PhaseTrigger trigger)
    {
        _phase.Fire(trigger);
        _run = _run with { LastActivity = Now };
    }

    private BreakerTrip? StartCycle(int cycle)
    {
        // The breaker owns the count and the run copies it, so state.json and circuit-breaker.json never disagree: a cycle
        // past the limit never starts (both keep the last cycle that ran), and one the timeout stops has started in both.
        var trip = _breaker.CycleStarted(cycle);
        _run = _run with { CycleCurrent = _breaker.Snapshot.CycleCurrent };
        return trip;
    }

    private void TripHalt(BreakerTrip trip)
    {
        Event("breaker", $"tripped {trip.Trigger}: {trip.Reason}");
        EnterHalt(RunTrigger.Trip, $"circuit breaker: {trip.Reason}", trip.Reason);
        Report($"halted: {trip.Reason}; {HowToContinue("fix the cause, then `ias run-resume --reset-ice`")}");
    }

    /// <summary>Completion: push, draft PR, then JACKED_OUT with the PR's URL; a failed push keeps the run COMPLETE for a resume to retry.</summary>
    private RunSnapshot Finish()
    {
        var outcome = Publish(incomplete: false);
        if (outcome.PushError is { } error)
        {
            Report($"{_run.Target} passed review and audit but is not pushed ({error}); it stays COMPLETE until `ias run-resume` pushes it");
            return _run;
        }

        if (outcome.PrError is { } prError)
        {
            Report($"{_run.Target} passed review and audit and is pushed, but its draft PR was not opened ({prError}); it stays COMPLETE until `ias run-resume` opens it");
            return _run;
        }

        if (ValidatesPr)
        {
            return StartValidation();
        }

        Fire(RunTrigger.JackOut, $"{_run.CycleCurrent} cycle(s), {_run.Commits} commit(s), {_run.FilesChanged} file change(s)");
        if (_run.PrUrl is { } url)
        {
            Report($"draft PR: {url}");
        }

        return _run;
    }

    /// <summary>
    /// Saves the run, its breaker and the rate budget, then mirrors them into `.run/`. A save that finds the state taken away
    /// puts it back from what the engine holds, and (mid-run) halts the run through <see cref="RunStateLostException"/>.
    /// </summary>
    private void Persist()
    {
        _run = _run with { LastActivity = Now };
        var lost = _guard?.Check();
        _ctx.Store.Transaction(() =>
        {
            _ctx.Runs.SaveRun(_run);
            _ctx.Safety.SaveBreaker(_run.RunId, _breaker.Snapshot);
            _ctx.Safety.SaveRateLimit(_rate.Snapshot);
            if (lost is { Copied: false })
            {
                StateLossGuard.SaveOpenFindings(_ctx, _run, _openFindings);
            }
        });
        if (lost is not null)
        {
            Event("recover", lost.Event);
        }

        _ctx.RunFiles.WriteState(_run);
        _ctx.SafetyFiles.WriteBreaker(_breaker.Snapshot);
        _ctx.SafetyFiles.WriteRateLimit(_rate.Snapshot);
        Observer?.Invoke(_run, _breaker.Snapshot);
        if (lost is not null && _state.State == RunState.Running)
        {
            throw new RunStateLostException(lost);
        }
    }

    /// <summary>The state was put back mid-run; the run halts with one line, so nobody works on in a state that someone removed.</summary>
    private RunSnapshot HaltOnLostState(LostState lost)
    {
        EnterHalt(RunTrigger.Halt, lost.HaltReason, lost.HaltReason);
        Report($"halted: {lost.HaltReason}");
        return _run;
    }

    private void Event(string kind, string message)
    {
        // Events quote agents (a commit's summary, a question, a failure's detail) and are shown wherever the run is watched.
        message = SecretRedactor.InertLines(message);
        _ctx.Runs.AddEvent(_run.RunId, Now, kind, message);
        if (kind is "transition" or "breaker" or "phase" or "commit" or "rate" or "control" or "agent-failure" or "agent-retry" or "recover" or "ice" or "publish" or "inputs" or "red-team" or "tests" or DecisionRequestedKind or "decision")
        {
            Report(message);
        }
    }

    private void Report(string message) =>
        _ctx.Progress(string.Create(CultureInfo.InvariantCulture,
            $"{Now:HH:mm:ss} {WireName.Of(_run.State),-10} {WireName.Of(_run.Phase),-12} cycle {_run.CycleCurrent}/{_run.CycleLimit}  {message}"));
}
