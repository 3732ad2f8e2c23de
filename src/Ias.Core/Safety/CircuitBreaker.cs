using System.Globalization;
using Ias.Core.StateMachines;

namespace Ias.Core.Safety;

/// <summary>Run Mode's circuit breaker (the second safety level): counts repeats, idle cycles, cycles and runtime, and opens when one reaches its threshold.</summary>
/// <remarks>
/// Pure in-memory logic; the engine persists <see cref="Snapshot"/> after each call. Not thread-safe: one owner.
/// Tripping while already OPEN is a no-op that returns the trip that opened the breaker, so a second
/// detector firing in the same cycle never throws and never adds a duplicate history entry.
/// </remarks>
public sealed class CircuitBreaker
{
    private readonly TimeProvider _clock;
    private readonly StrictStateMachine<BreakerState, BreakerTrigger> _machine;
    private BreakerSnapshot _snapshot;

    public CircuitBreaker(BreakerSnapshot snapshot, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(clock);
        Validate(snapshot.CycleLimit, snapshot.TimeoutLimitHours, snapshot.SameIssueThreshold, snapshot.NoProgressThreshold);
        _snapshot = snapshot with { History = snapshot.History.ToArray() };
        _clock = clock;
        _machine = BreakerStateMachine.Create(() => _snapshot.State, s => _snapshot = _snapshot with { State = s });
    }

    /// <summary>The current state, immutable, for the engine to persist.</summary>
    public BreakerSnapshot Snapshot => _snapshot;

    public BreakerState State => _snapshot.State;

    /// <summary>A CLOSED breaker with zeroed counters whose timeout window starts at <paramref name="started"/>.</summary>
    public static BreakerSnapshot Fresh(DateTimeOffset started, int cycleLimit, double timeoutHours, int sameIssueThreshold, int noProgressThreshold)
    {
        Validate(cycleLimit, timeoutHours, sameIssueThreshold, noProgressThreshold);
        return new BreakerSnapshot(
            BreakerState.Closed,
            SameIssueCount: 0,
            LastHash: null,
            sameIssueThreshold,
            NoProgressCount: 0,
            noProgressThreshold,
            CycleCurrent: 0,
            cycleLimit,
            started,
            timeoutHours,
            History: []);
    }

    /// <summary>
    /// Records the cycle number; cycle N of limit N may run, N+1 trips "cycle_limit" and is not recorded, since it never
    /// starts (the count stays the last cycle that ran, as the run's own count does). Also checks the timeout.
    /// </summary>
    public BreakerTrip? CycleStarted(int cycle)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cycle);
        if (cycle > _snapshot.CycleLimit)
        {
            return Trip(TripCause.CycleLimit, $"cycle {cycle} exceeds the limit of {_snapshot.CycleLimit} cycles");
        }

        _snapshot = _snapshot with { CycleCurrent = cycle };
        return CheckTimeout();
    }

    /// <summary>
    /// Moves the timeout window on by <paramref name="span"/>, time the run spent not running (halted, or with no engine
    /// alive), so the timeout counts running time only: a run halted overnight resumes with the hours it had left.
    /// </summary>
    public void NotRunning(TimeSpan span)
    {
        if (span > TimeSpan.Zero)
        {
            _snapshot = _snapshot with { TimeoutStarted = _snapshot.TimeoutStarted + span };
        }
    }

    /// <summary>Trips "timeout" once the run has lasted at least the configured hours since <see cref="BreakerSnapshot.TimeoutStarted"/>.</summary>
    public BreakerTrip? CheckTimeout()
    {
        var elapsed = _clock.GetUtcNow() - _snapshot.TimeoutStarted;
        if (elapsed < TimeSpan.FromHours(_snapshot.TimeoutLimitHours))
        {
            return null;
        }

        return Trip(TripCause.Timeout, string.Create(CultureInfo.InvariantCulture,
            $"running for {elapsed.TotalHours:0.##}h since {_snapshot.TimeoutStarted.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}, timeout is {_snapshot.TimeoutLimitHours:0.##}h"));
    }

    /// <summary>Counts consecutive cycles whose findings share one hash; null or empty means no findings and ends the streak.</summary>
    public BreakerTrip? RecordFindings(string? findingsHash)
    {
        if (string.IsNullOrEmpty(findingsHash))
        {
            // A clean review is not a repeat of anything, so the next finding starts a new same-issue streak.
            _snapshot = _snapshot with { SameIssueCount = 0, LastHash = null };
            return null;
        }

        var count = string.Equals(findingsHash, _snapshot.LastHash, StringComparison.Ordinal) ? _snapshot.SameIssueCount + 1 : 1;
        _snapshot = _snapshot with { SameIssueCount = count, LastHash = findingsHash };
        if (count < _snapshot.SameIssueThreshold)
        {
            return null;
        }

        return Trip(TripCause.SameIssue, $"same finding hash {findingsHash} seen {count} times (threshold {_snapshot.SameIssueThreshold})", findingsHash);
    }

    /// <summary>Counts consecutive cycles without file changes; a cycle that changed files resets the count.</summary>
    public BreakerTrip? RecordProgress(bool changedFiles)
    {
        var count = changedFiles ? 0 : _snapshot.NoProgressCount + 1;
        _snapshot = _snapshot with { NoProgressCount = count };
        if (changedFiles || count < _snapshot.NoProgressThreshold)
        {
            return null;
        }

        return Trip(TripCause.NoProgress, $"no file changes for {count} consecutive cycles (threshold {_snapshot.NoProgressThreshold})");
    }

    /// <summary>
    /// A queue job's attempt failed with <paramref name="failure"/> (its class and first line, hashed as <paramref name="hash"/>):
    /// the same failure in a row counts as a repeated finding does, and any failure as an attempt without progress.
    /// </summary>
    public BreakerTrip? RecordJobFailure(string hash, string failure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hash);
        var count = string.Equals(hash, _snapshot.LastHash, StringComparison.Ordinal) ? _snapshot.SameIssueCount + 1 : 1;
        _snapshot = _snapshot with { SameIssueCount = count, LastHash = hash };
        if (count >= _snapshot.SameIssueThreshold)
        {
            return Trip(TripCause.SameIssue, $"the same failure {count} times in a row (threshold {_snapshot.SameIssueThreshold}): {failure}", hash);
        }

        return RecordJobProgress(false);
    }

    /// <summary>
    /// A queue job's attempt ended without a failure: done, or done with nothing changed by a job that was to write
    /// (<paramref name="progressed"/> false), which counts toward no progress as a failure does; the same-failure streak ends.
    /// </summary>
    public BreakerTrip? RecordJobDone(bool progressed)
    {
        _snapshot = _snapshot with { SameIssueCount = 0, LastHash = null };
        return RecordJobProgress(progressed);
    }

    private BreakerTrip? RecordJobProgress(bool progressed)
    {
        var count = progressed ? 0 : _snapshot.NoProgressCount + 1;
        _snapshot = _snapshot with { NoProgressCount = count };
        return progressed || count < _snapshot.NoProgressThreshold
            ? null
            : Trip(TripCause.NoProgress, $"{count} job attempts in a row failed or changed nothing (threshold {_snapshot.NoProgressThreshold})");
    }

    /// <summary>Opens the breaker and appends the trip to history; while already OPEN returns the trip that opened it and changes nothing.</summary>
    public BreakerTrip Trip(TripCause trigger, string reason, string? hash = null)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (_snapshot.State == BreakerState.Open && _snapshot.History.Count > 0)
        {
            return _snapshot.History[^1];
        }

        var trip = new BreakerTrip(_clock.GetUtcNow(), trigger, hash, reason);
        if (_snapshot.State != BreakerState.Open)
        {
            _machine.Fire(BreakerTrigger.Trip);
        }

        _snapshot = _snapshot with { History = [.. _snapshot.History, trip] };
        return trip;
    }

    /// <summary>--reset-ice: OPEN → HALF_OPEN, zeroes the repeat and idle counters and restarts the timeout window at now.</summary>
    public void Reset()
    {
        _machine.Fire(BreakerTrigger.Reset);
        _snapshot = _snapshot with
        {
            SameIssueCount = 0,
            LastHash = null,
            NoProgressCount = 0,
            TimeoutStarted = _clock.GetUtcNow(),
        };
    }

    /// <summary>HALF_OPEN → CLOSED after one good cycle; a no-op when CLOSED; throws when OPEN (reset first).</summary>
    public void CycleSucceeded()
    {
        if (_snapshot.State == BreakerState.Closed)
        {
            return;
        }

        _machine.Fire(BreakerTrigger.CycleSucceeded);
    }

    private static void Validate(int cycleLimit, double timeoutHours, int sameIssueThreshold, int noProgressThreshold)
    {
        if (cycleLimit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(cycleLimit), $"circuit breaker cycle limit must be at least 1 (got {cycleLimit}); set run_mode.defaults.max_cycles to a positive integer");
        }

        if (!(timeoutHours > 0) || double.IsInfinity(timeoutHours))
        {
            throw new ArgumentOutOfRangeException(nameof(timeoutHours), string.Create(CultureInfo.InvariantCulture, $"circuit breaker timeout must be a positive number of hours (got {timeoutHours}); set run_mode.defaults.timeout_hours"));
        }

        if (sameIssueThreshold < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sameIssueThreshold), $"same-issue threshold must be at least 1 (got {sameIssueThreshold}); set run_mode.circuit_breaker.same_issue_threshold");
        }

        if (noProgressThreshold < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(noProgressThreshold), $"no-progress threshold must be at least 1 (got {noProgressThreshold}); set run_mode.circuit_breaker.no_progress_threshold");
        }
    }
}
