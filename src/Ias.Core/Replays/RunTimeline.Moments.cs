using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.StateMachines;

namespace Ias.Core.Replays;

public sealed partial class RunTimeline
{
    /// <summary>
    /// The engine's snapshot as it stood at moment <paramref name="index"/>, until the next: the run's state, phase and
    /// cycle, its phases (the one under way running), breaker, hourly calls and spend, with the clock at the moment. The
    /// last moment shows the run as it was left, with no engine.
    /// </summary>
    public EngineSnapshot At(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var moment = Moment(index);
        var until = Until(index);
        var alive = !moment.Last;
        var phases = _phases.Where(p => p.Started < until).Select(p => p.Ended < until ? p : p with { Ended = null, Outcome = null, Findings = 0, FilesChanged = 0 }).ToList();
        var calls = _calls.Where(c => c.Ended < until).ToList();
        var run = moment.Last ? _run : RunAt(moment, until, phases, calls);
        var status = new RunStatus(run, BreakerAt(run, phases, until), HourlyCalls.At(_rate, _checkoutCalls, moment.At, until), alive, null, moment.At);
        var spent = _checkoutCalls.Where(c => c.Ended < until && c.Started >= new DateTimeOffset(moment.At.UtcDateTime.Date, TimeSpan.Zero));
        return new EngineSnapshot(status, SnapshotReader.JobRows(_paths, run, phases, alive), _calls.LastOrDefault(c => c.Started < until)?.Agent ?? run.Options.Agent)
        {
            Spend = new Spend(calls.Sum(c => c.CostUsd), spent.Sum(c => c.CostUsd), calls.Count == 0 ? 0m : calls.Max(c => c.CostUsd), _caps),
            Replayed = moment,
        };
    }

    /// <summary>The run's record as it stood: its state from the transitions so far, the phase under way or next, and what its ended phases and calls add up to.</summary>
    private RunSnapshot RunAt(ReplayMoment moment, DateTimeOffset until, IReadOnlyList<PhaseRecord> phases, IReadOnlyList<AgentCallRecord> calls)
    {
        var (state, reason) = StateAt(until);
        // Between two phases the engine has already moved on to the next one, as the pending row shows it.
        var current = phases.Count == 0 ? null : phases[^1].Ended is null || phases.Count == _phases.Count ? phases[^1] : _phases[phases.Count];
        var ended = phases.Where(p => p.Ended is not null).ToList();
        return _run with
        {
            State = state,
            HaltReason = reason,
            Phase = current?.Phase ?? Phase.Implement,
            CycleCurrent = current?.Cycle ?? 1,
            LastActivity = moment.At,
            CycleHistory = [.. ended.Select(p => new CycleEntry(p.Cycle, p.Phase, p.Findings))],
            FilesChanged = ended.Sum(p => p.FilesChanged),
            Commits = _events.Count(e => e.At < until && e.Kind == RunEventKind.Commit.Wire() && !e.Message.Contains("changed no file", StringComparison.Ordinal)),
            FindingsFixed = 0,
            ResumePhase = null,
            TokensIn = calls.Sum(c => c.TokensIn),
            TokensOut = calls.Sum(c => c.TokensOut),
            CostUsd = calls.Sum(c => c.CostUsd),
            Pushed = false,
            PrCreated = false,
            PrUrl = null,
        };
    }

    /// <summary>The state the last transition before <paramref name="until"/> went to ("RUNNING → HALTED (halt): why"), and a halt's reason.</summary>
    private (RunState State, string? Reason) StateAt(DateTimeOffset until)
    {
        var last = _events.LastOrDefault(e => e.At < until && e.Kind == RunEventKind.Transition.Wire());
        if (last is null || last.Message.Split(" → ", 2) is not [_, var rest])
        {
            return (RunState.JackIn, null);
        }

        var to = rest.Split(' ', 2)[0];
        var state = WireName.TryParse<RunState>(to, out var parsed) ? parsed : RunState.Running;
        var reason = state == RunState.Halted && rest.IndexOf("): ", StringComparison.Ordinal) is var at and >= 0 ? rest[(at + 3)..] : null;
        return (state, reason);
    }

    /// <summary>
    /// The breaker as it stood: the thresholds and limits it was left with, its streaks counted again from the phases that
    /// ended (as the engine counts them, by the breaker itself), and the trips and resets the events record.
    /// </summary>
    private BreakerSnapshot? BreakerAt(RunSnapshot run, IReadOnlyList<PhaseRecord> phases, DateTimeOffset until)
    {
        if (_breaker is not { } left)
        {
            return null;
        }

        var counted = new CircuitBreaker(left with { State = BreakerState.Closed, SameIssueCount = 0, LastHash = null, NoProgressCount = 0, History = [] }, TimeProvider.System);
        foreach (var p in phases.Where(p => p.Ended is not null))
        {
            if (PhaseFacts.Find(p.Phase)?.Step == StepKind.Implement)
            {
                counted.RecordProgress(p.FilesChanged > 0);
            }
            else if (_verdictHashes.TryGetValue(p.Id, out var hash))
            {
                counted.RecordFindings(hash);
            }
        }

        var breakerEvents = _events.Where(e => e.At < until && e.Kind == RunEventKind.Breaker.Wire()).ToList();
        var state = breakerEvents.LastOrDefault() switch
        {
            null => BreakerState.Closed,
            { Message: var m } when m.StartsWith("tripped", StringComparison.Ordinal) => BreakerState.Open,
            _ => BreakerState.HalfOpen,
        };
        return counted.Snapshot with
        {
            State = state,
            CycleCurrent = run.CycleCurrent,
            History = [.. left.History.Where(t => t.Timestamp < until)],
        };
    }
}
