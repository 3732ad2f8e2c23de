namespace Ias.Core.Tests.Support;

/// <summary>
/// A manual clock whose timers fire only when the test moves the time past them, on the test's own thread: code that
/// arms a timer does nothing until <see cref="Advance"/> says the time has come.
/// </summary>
public sealed class HeldTimerClock(DateTimeOffset start) : TimeProvider
{
    private readonly List<Held> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>How many timers are armed and not yet fired.</summary>
    public int Armed => _timers.Count(t => t.Due is not null);

    /// <summary>Moves the time on by <paramref name="by"/> and fires, in order, each timer that came due.</summary>
    public void Advance(TimeSpan by)
    {
        _now += by;
        foreach (var timer in _timers.Where(t => t.Due <= _now).OrderBy(t => t.Due).ToList())
        {
            timer.Due = null;
            timer.Callback(timer.State);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Held(callback, state) { Due = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime };
        _timers.Add(timer);
        return timer;
    }

    private sealed class Held(TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset? Due { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException("the queue arms a new timer rather than moving one");

        public void Dispose() => Due = null;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
