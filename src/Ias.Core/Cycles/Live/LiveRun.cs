using System.Globalization;
using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Safety;
using Ias.Core.Safety.Secrets;
using Ias.Core.Sandbox;
using Ias.Core.StateMachines;
using Stateless;

namespace Ias.Core.Cycles.Live;

/// <summary>
/// The run being worked on: its record, its run and phase machines, its circuit breaker and rate budget, and the findings
/// still open. It is the only writer of them; <see cref="Persist"/> saves them to SQLite, then mirrors them into `.run/`.
/// </summary>
internal sealed class LiveRun
{
    private readonly EngineContext _ctx;
    private readonly StateLossGuard? _guard;
    private readonly StateMachine<RunState, RunTrigger> _state;
    private readonly StateMachine<Phase, PhaseTrigger> _phase;
    private RunSnapshot _run;

    /// <summary>The run and phase machines read and write the record saved to SQLite, so there is one copy of the state.</summary>
    public LiveRun(EngineContext ctx, RunSnapshot run, StateLossGuard? guard)
    {
        _ctx = ctx;
        _run = run;
        _guard = guard;
        Trajectory = new RunTrajectory(ctx);
        _state = Machines.Run(() => _run.State, s => _run = _run with { State = s }, () => Breaker.State);
        _phase = Machines.Phases(
            () => _run.Phase, p => _run = _run with { Phase = p },
            () => _run.ResumePhase, p => _run = _run with { ResumePhase = p });
    }

    public RunSnapshot Run => _run;

    /// <summary>The run's audit trail in the repository (004's full trajectory), beside its events in ias.db.</summary>
    public RunTrajectory Trajectory { get; }

    public RunState State => _state.State;

    public Phase Phase => _phase.State;

    public CircuitBreaker Breaker { get; private set; } = null!;

    public RateLimiter Rate { get; private set; } = null!;

    /// <summary>What the last verdict found and the next implement turn fixes.</summary>
    public IReadOnlyList<Finding> OpenFindings { get; set; } = [];

    public DateTimeOffset Now => _ctx.Clock.GetUtcNow();

    /// <summary>Told after every save of the run, with its breaker; a sprint plan or a bug run mirrors its own state from it.</summary>
    public Action<RunSnapshot, BreakerSnapshot>? Observer { get; init; }

    /// <summary>Told after every transition of the run, with the run, the state it left, the trigger and why.</summary>
    public Action<RunSnapshot, RunState, RunTrigger, string>? Transitioned { get; init; }

    /// <summary>The run's breaker and rate budget, made or loaded once the run has its record.</summary>
    public void Guard(CircuitBreaker breaker, RateLimiter rate)
    {
        Breaker = breaker;
        Rate = rate;
    }

    public void Update(Func<RunSnapshot, RunSnapshot> change) => _run = change(_run);

    public void Fire(RunTrigger trigger, string why)
    {
        var from = _state.State;
        _state.Fire(trigger);
        _run = _run with { LastActivity = Now };
        Event(RunEventKind.Transition, $"{WireName.Of(from)} → {WireName.Of(_state.State)} ({WireName.Of(trigger).ToLowerInvariant()}): {why}");
        Persist();

        // A run that ended frees the disk its workspace took: all of it for good, all but its `.git` while it may be resumed.
        if (_state.State is RunState.JackedOut or RunState.Halted)
        {
            Workspace.End(_ctx.RepoRoot, _run.RunId, resumable: _state.State == RunState.Halted);
        }

        Transitioned?.Invoke(_run, from, trigger, why);
    }

    public void FirePhase(PhaseTrigger trigger)
    {
        _phase.Fire(trigger);
        _run = _run with { LastActivity = Now };
    }

    public BreakerTrip? StartCycle(int cycle)
    {
        // The breaker owns the count and the run copies it, so state.json and circuit-breaker.json never disagree: a cycle
        // past the limit never starts (both keep the last cycle that ran), and one the timeout stops has started in both.
        var trip = Breaker.CycleStarted(cycle);
        _run = _run with { CycleCurrent = Breaker.Snapshot.CycleCurrent };
        return trip;
    }

    /// <summary>Ends the step's row in ias.db with its outcome.</summary>
    public void EndStep(long phaseId, StepOutcome outcome, int findings = 0, int filesChanged = 0) =>
        _ctx.Runs.EndPhase(phaseId, outcome, findings, filesChanged, Now);

    /// <summary>Adds a step that reached its end to the run's cycle history.</summary>
    public void AddToHistory(int cycle, Phase phase, int findings) =>
        _run = _run with { CycleHistory = [.. _run.CycleHistory, new CycleEntry(cycle, phase, findings)] };

    /// <summary>The findings of the last verdict in the history; a resume fixes them next.</summary>
    public IReadOnlyList<Finding> LastFindings()
    {
        var last = _run.CycleHistory.LastOrDefault(h => h.Phase.GivesVerdict());
        return last is { Findings: > 0 } ? _ctx.Runs.Findings(_run.RunId, last.Cycle, last.Phase) : [];
    }

    /// <summary>What the history's steps of <paramref name="phases"/> found, each fixed since: a later check looks that they stay fixed.</summary>
    public IReadOnlyList<Finding> EarlierFindings(params Phase[] phases) =>
        _run.CycleHistory
            .Where(h => phases.Contains(h.Phase) && h.Findings > 0)
            .SelectMany(h => _ctx.Runs.Findings(_run.RunId, h.Cycle, h.Phase))
            .ToList();

    /// <summary>
    /// Saves the run, its breaker and the rate budget, then mirrors them into `.run/`. A save that finds the state taken away
    /// puts it back from what the engine holds, and (mid-run) halts the run through <see cref="RunStateLostException"/>.
    /// </summary>
    public void Persist()
    {
        _run = _run with { LastActivity = Now };
        var lost = _guard?.Check();
        _ctx.Store.Transaction(() =>
        {
            _ctx.Runs.SaveRun(_run);
            _ctx.Safety.SaveBreaker(_run.RunId, Breaker.Snapshot);
            _ctx.Safety.SaveRateLimit(Rate.Snapshot);
            if (lost is { Copied: false })
            {
                StateLossGuard.SaveOpenFindings(_ctx, _run, OpenFindings);
            }
        });
        if (lost is not null)
        {
            Event(RunEventKind.Recover, lost.Event);
        }

        _ctx.RunFiles.WriteState(_run);
        _ctx.SafetyFiles.WriteBreaker(Breaker.Snapshot);
        _ctx.SafetyFiles.WriteRateLimit(Rate.Snapshot);
        Observer?.Invoke(_run, Breaker.Snapshot);
        if (lost is not null && _state.State == RunState.Running)
        {
            throw new RunStateLostException(lost);
        }
    }

    public void Event(RunEventKind kind, string message)
    {
        // Events quote agents (a commit's summary, a question, a failure's detail) and are shown wherever the run is watched.
        message = SecretRedactor.InertLines(message);
        var at = Now;
        _ctx.Runs.AddEvent(_run.RunId, at, kind.Wire(), message);
        Trajectory.Event(_run, at, kind, message);
        if (kind.IsReported())
        {
            Report(message);
        }
    }

    public void Report(string message) =>
        _ctx.Progress(string.Create(CultureInfo.InvariantCulture,
            $"{Now:HH:mm:ss} {WireName.Of(_run.State),-10} {WireName.Of(_run.Phase),-12} cycle {_run.CycleCurrent}/{_run.CycleLimit}  {message}"));
}
