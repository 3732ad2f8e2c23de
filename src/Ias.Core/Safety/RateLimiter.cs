namespace Ias.Core.Safety;

/// <summary>Agent calls per UTC clock hour: proceed under the limit, wait for the hour boundary at it, halt after repeated waits.</summary>
/// <remarks>
/// Pure in-memory logic; the engine persists <see cref="Snapshot"/> before and after each call. Not thread-safe: one owner.
/// It counts agent calls, one per agent process started, not the API requests a CLI makes inside one call: those are
/// not known until the call ends, and counting them then could push the hour past its limit with no way to ask first.
/// Counting waits, precisely:
/// - every <see cref="BeforeCall"/> that cannot proceed is one wait, except that asking again while a wait is still
///   pending (before its <see cref="RateLimitSnapshot.WaitingUntil"/>, no <see cref="WaitEnded"/> yet) returns that
///   same wait uncounted, so a restart or a status poll mid-wait does not use up the halt budget;
/// - an agent call that completes (<see cref="CallCompleted"/>) resets the streak to 0; merely being allowed to proceed
///   does not, so an agent refused by its provider's usage limit (<see cref="UsageLimited"/>) again and again
///   still counts towards the halt;
/// - the 5th consecutive wait (<see cref="MaxConsecutiveWaits"/>) is not a wait but <see cref="RateDecisionKind.Halt"/>,
///   so at most 4 waits happen in a row; the snapshot keeps consecutive_waits = 5 to show why the run stopped;
/// - a Halt ends the streak: the next <see cref="BeforeCall"/> (after the user resumes) counts from zero again.
/// </remarks>
public sealed class RateLimiter
{
    /// <summary>The consecutive wait that halts the run instead of waiting.</summary>
    public const int MaxConsecutiveWaits = 5;

    /// <summary>Why the breaker trips (rate_limit) when a usage limit has made a run or a queue wait <see cref="MaxConsecutiveWaits"/> times in a row.</summary>
    public static readonly string WaitedTooOften = $"{MaxConsecutiveWaits} consecutive waits: the agent's usage limit keeps refusing calls";

    private readonly TimeProvider _clock;
    private RateLimitSnapshot _snapshot;

    public RateLimiter(RateLimitSnapshot snapshot, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(clock);
        ValidateLimit(snapshot.Limit);
        if (snapshot.CallsThisHour < 0 || snapshot.ConsecutiveWaits < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(snapshot),
                $"rate-limit state has negative counts (calls_this_hour {snapshot.CallsThisHour}, consecutive_waits {snapshot.ConsecutiveWaits}); delete .run/rate-limit.json to start a fresh window");
        }

        _snapshot = snapshot;
        _clock = clock;
    }

    /// <summary>The current state, immutable, for the engine to persist.</summary>
    public RateLimitSnapshot Snapshot => _snapshot;

    /// <summary>Takes in what ias.db holds now (<paramref name="stored"/>): the calls other engines counted since, this limit kept.</summary>
    public void Reload(RateLimitSnapshot? stored) => _snapshot = RateLimitSnapshot.Merge(stored, _snapshot);

    /// <summary>Time left until the pending wait ends (zero once due), or null when not waiting; for the status line.</summary>
    public TimeSpan? TimeToReset
    {
        get
        {
            if (_snapshot.WaitingUntil is not { } until)
            {
                return null;
            }

            var left = until - _clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>An empty window for the UTC hour containing <paramref name="now"/>.</summary>
    public static RateLimitSnapshot Fresh(DateTimeOffset now, int limit)
    {
        ValidateLimit(limit);
        return new RateLimitSnapshot(HourStart(now), CallsThisHour: 0, limit, ConsecutiveWaits: 0, WaitingUntil: null);
    }

    /// <summary>Asks to make a call: Proceed under the limit, otherwise Wait until the next hour boundary, or Halt on the 5th consecutive wait.</summary>
    public RateDecision BeforeCall()
    {
        var now = _clock.GetUtcNow();
        Roll(now);
        if (_snapshot.CallsThisHour < _snapshot.Limit)
        {
            _snapshot = _snapshot with { WaitingUntil = null };
            return new RateDecision(RateDecisionKind.Proceed, null);
        }

        if (_snapshot.WaitingUntil is { } pending && now < pending)
        {
            return new RateDecision(RateDecisionKind.Wait, pending);
        }

        // A clock set back must not shorten the wait below the window already counted.
        return StartWait(HourStart(now > _snapshot.CurrentHour ? now : _snapshot.CurrentHour).AddHours(1));
    }

    /// <summary>The most a call refused by a usage limit whose reset has come already waits: a few seconds, spread.</summary>
    public static readonly TimeSpan ResetJitter = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The agent's provider refused the call (a usage limit): wait until <paramref name="resetsAt"/> exactly, or, when it
    /// has come already (a CLI prints its reset to the minute, and the minute may be over when it is read), a moment of
    /// jitter up to <see cref="ResetJitter"/> so that the runners of a box do not all call in the same second; the next
    /// hour boundary when the provider did not say. The 5th such wait in a row halts like any other.
    /// </summary>
    public RateDecision UsageLimited(DateTimeOffset? resetsAt)
    {
        var now = _clock.GetUtcNow();
        Roll(now);
        var until = resetsAt switch
        {
            { } r when r > now => r,
            { } => now + TimeSpan.FromMilliseconds(Random.Shared.Next(1000, (int)ResetJitter.TotalMilliseconds)),
            null => HourStart(now).AddHours(1),
        };
        return StartWait(until);
    }

    private RateDecision StartWait(DateTimeOffset until)
    {
        var streak = _snapshot.ConsecutiveWaits >= MaxConsecutiveWaits ? 0 : _snapshot.ConsecutiveWaits;
        var waits = streak + 1;
        if (waits >= MaxConsecutiveWaits)
        {
            _snapshot = _snapshot with { ConsecutiveWaits = waits, WaitingUntil = null };
            return new RateDecision(RateDecisionKind.Halt, null);
        }

        _snapshot = _snapshot with { ConsecutiveWaits = waits, WaitingUntil = until };
        return new RateDecision(RateDecisionKind.Wait, until);
    }

    /// <summary>
    /// Counts an agent call in the current hour as it starts, right after <see cref="BeforeCall"/> let it through, so a call
    /// cut short (a forced halt, a killed engine) still counts and the hour never holds more calls than the limit.
    /// </summary>
    public void CallStarted()
    {
        Roll(_clock.GetUtcNow());
        _snapshot = _snapshot with { CallsThisHour = _snapshot.CallsThisHour + 1 };
    }

    /// <summary>An agent call counted by <see cref="CallStarted"/> completed: the streak of waits ends.</summary>
    public void CallCompleted() => _snapshot = _snapshot with { ConsecutiveWaits = 0 };

    /// <summary>Waits until <paramref name="until"/> for a usage limit another call of the same CLI met: no wait of this engine's own, so the streak stays.</summary>
    public RateDecision WaitFor(DateTimeOffset until)
    {
        _snapshot = _snapshot with { WaitingUntil = until };
        return new RateDecision(RateDecisionKind.Wait, until);
    }

    /// <summary>The engine finished (or abandoned) waiting: clears the pending wait and rolls the window if the hour changed.</summary>
    public void WaitEnded()
    {
        _snapshot = _snapshot with { WaitingUntil = null };
        Roll(_clock.GetUtcNow());
    }

    private void Roll(DateTimeOffset now)
    {
        var hour = HourStart(now);
        // Only forward: a clock set back an hour must not hand out a second budget for the same hour.
        if (hour > _snapshot.CurrentHour)
        {
            _snapshot = _snapshot with { CurrentHour = hour, CallsThisHour = 0 };
        }

        if (_snapshot.WaitingUntil is { } until && until <= now)
        {
            _snapshot = _snapshot with { WaitingUntil = null };
        }
    }

    /// <summary>The start of the UTC hour that holds <paramref name="t"/>: the window's key.</summary>
    public static DateTimeOffset HourStart(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);

    private static void ValidateLimit(int limit)
    {
        if (limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit),
                $"rate limit must be at least 1 call per hour (got {limit}); set run_mode.rate_limiting.calls_per_hour to a positive integer");
        }
    }
}
