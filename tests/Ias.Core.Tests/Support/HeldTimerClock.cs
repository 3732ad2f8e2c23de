namespace Ias.Core.Tests.Support;

/// <summary>
/// A manual clock whose timers fire only when the test moves the time past them, on the test's own thread: code that
/// arms a timer does nothing until <see cref="Advance"/> says the time has come. Its timestamps are its time too, so
/// code that measures elapsed time with it sees only what the test moved; timers may be armed from any thread.
/// <see cref="AdvanceThenRun"/> lets it go: from then on it runs as the system clock does, for code (a kill's grace, a
/// drain) that the test means to leave to real time once the moment it holds has passed.
/// </summary>
public sealed class HeldTimerClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<Held> _timers = [];
    private DateTimeOffset _now = start;
    private long? _runningSince;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _runningSince is { } since ? _now + System.GetElapsedTime(since) : _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>How many timers are armed and not yet fired.</summary>
    public int Armed
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.Due is not null);
            }
        }
    }

    /// <summary>Moves the time on by <paramref name="by"/> and fires, in order, each timer that came due.</summary>
    public void Advance(TimeSpan by)
    {
        List<Held> due;
        lock (_gate)
        {
            _now += by;
            due = [.. _timers.Where(t => t.Due <= _now).OrderBy(t => t.Due)];
            foreach (var timer in due)
            {
                timer.Due = null;
            }
        }

        foreach (var timer in due)
        {
            timer.Callback(timer.State);
        }
    }

    /// <summary>
    /// Moves the time on by <paramref name="by"/> and from then on runs on real time: what came due fires now, timers
    /// still held fire when their time comes, and timers armed later (even by what fires now) are real ones.
    /// </summary>
    public void AdvanceThenRun(TimeSpan by)
    {
        List<Held> due;
        lock (_gate)
        {
            _now += by;
            _runningSince = System.GetTimestamp();
            due = [.. _timers.Where(t => t.Due <= _now).OrderBy(t => t.Due)];
            foreach (var timer in _timers.Where(t => t.Due > _now))
            {
                var held = timer;
                held.Real = System.CreateTimer(_ => held.Callback(held.State), null, held.Due!.Value - _now, Timeout.InfiniteTimeSpan);
                held.Due = null;
            }

            foreach (var timer in due)
            {
                timer.Due = null;
            }
        }

        foreach (var timer in due)
        {
            timer.Callback(timer.State);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            if (_runningSince is not null)
            {
                return System.CreateTimer(callback, state, dueTime, period);
            }

            var timer = new Held(callback, state, _gate) { Due = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime };
            _timers.Add(timer);
            return timer;
        }
    }

    private sealed class Held(TimerCallback callback, object? state, Lock gate) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        /// <summary>When it fires; read and written under the clock's lock.</summary>
        public DateTimeOffset? Due { get; set; }

        /// <summary>The real timer it became when the clock was let go, if it was still held then.</summary>
        public ITimer? Real { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException("the queue arms a new timer rather than moving one");

        public void Dispose()
        {
            lock (gate)
            {
                Due = null;
                Real?.Dispose();
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
