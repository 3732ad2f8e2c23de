using Ias.Core.Replays;
using Ias.Core.Snapshots;

namespace Ias.Tui.Views;

/// <summary>
/// Where a replay stands in a run's timeline and how it moves: the moment shown, playing or paused, and how fast. Playing,
/// the replay's clock goes from one moment to the next as the run's did, times <see cref="Speed"/>, but never waits more than
/// <see cref="LongestWait"/> between two (a night's idle hour plays in a second). Each change gives a new cursor.
/// </summary>
public sealed record ReplayCursor(IReplayTimeline Timeline, int Index = 0, bool Paused = false, double Speed = 1)
{
    /// <summary>The speeds + and - go between.</summary>
    public static IReadOnlyList<double> Speeds { get; } = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64];

    /// <summary>The longest a replay at 1x waits between two moments, however long the run waited.</summary>
    public static TimeSpan LongestWait { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The replay's time played since the moment shown, which the next moment is due after.</summary>
    public TimeSpan Carry { get; init; }

    public ReplayMoment Moment => Timeline.Moment(Index);

    /// <summary>The moment <paramref name="by"/> moments on (back when negative), paused there; the ends stop it.</summary>
    public ReplayCursor Step(int by) => Go(Index + by) with { Paused = true };

    /// <summary>The next phase's first moment (the previous one's when <paramref name="by"/> is negative; from inside a phase, its own first), paused there.</summary>
    public ReplayCursor Phase(int by)
    {
        var starts = Timeline.PhaseStarts;
        var to = by > 0 ? starts.FirstOrDefault(i => i > Index, Timeline.Count - 1) : starts.LastOrDefault(i => i < Index, 0);
        return Go(to) with { Paused = true };
    }

    /// <summary>Pauses a playing replay, plays a paused one (from the start again when it stands at the end).</summary>
    public ReplayCursor Toggle() => Paused
        ? this with { Paused = false, Carry = TimeSpan.Zero, Index = Index == Timeline.Count - 1 ? 0 : Index }
        : this with { Paused = true };

    public ReplayCursor Faster() => this with { Speed = Speeds.FirstOrDefault(s => s > Speed, Speeds[^1]) };

    public ReplayCursor Slower() => this with { Speed = Speeds.LastOrDefault(s => s < Speed, Speeds[0]) };

    /// <summary>After <paramref name="elapsed"/> of the dashboard's clock: the moments that came due, paused at the last moment.</summary>
    public ReplayCursor Played(TimeSpan elapsed)
    {
        if (Paused)
        {
            return this;
        }

        var cursor = this with { Carry = Carry + (elapsed * Speed) };
        while (cursor.Index < Timeline.Count - 1 && cursor.Carry >= cursor.Wait)
        {
            cursor = cursor with { Index = cursor.Index + 1, Carry = cursor.Carry - cursor.Wait };
        }

        return cursor.Index == Timeline.Count - 1 ? cursor with { Paused = true, Carry = TimeSpan.Zero } : cursor;
    }

    /// <summary>How long the moment shown stands before the next, as the run went, at most <see cref="LongestWait"/>.</summary>
    private TimeSpan Wait
    {
        get
        {
            var gap = Timeline.Moment(Index + 1).At - Timeline.Moment(Index).At;
            return gap < TimeSpan.Zero ? TimeSpan.Zero : gap > LongestWait ? LongestWait : gap;
        }
    }

    private ReplayCursor Go(int index) => this with { Index = Math.Clamp(index, 0, Timeline.Count - 1), Carry = TimeSpan.Zero };
}
