using Ias.Core.Notifications;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Notifications;

/// <summary>A burst of gates is one notification that names its count; a quiet one goes out at once.</summary>
public sealed class NotificationCoalescerTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    [Fact]
    public void The_first_goes_out_at_once_and_the_burst_after_it_becomes_one_naming_the_count_when_the_window_ends()
    {
        var clock = new ManualClock(Start);
        var coalescer = new NotificationCoalescer(clock, Window);

        var first = coalescer.Offer(Note(NotificationKind.PrOpened, "draft PR opened"));
        clock.Advance(TimeSpan.FromSeconds(1));
        var held = new[]
        {
            coalescer.Offer(Note(NotificationKind.UsageLimit, "waiting")),
            coalescer.Offer(Note(NotificationKind.Tripped, "tripped")),
            coalescer.Offer(Note(NotificationKind.Halted, "sprint-1 halted")),
        };
        var early = coalescer.Due();
        clock.Advance(TimeSpan.FromSeconds(4));
        var digest = coalescer.Due();

        Assert.Equal("draft PR opened", first?.Summary);
        Assert.All(held, Assert.Null);
        Assert.Null(early);
        Assert.NotNull(digest);
        Assert.Equal(3, digest.Count);
        Assert.Equal(NotificationKind.Halted, digest.Kind);
        Assert.Equal("3 events, the last: sprint-1 halted", digest.Summary);
        Assert.Null(coalescer.Due());
    }

    [Fact]
    public void Notifications_further_apart_than_the_window_each_go_out_alone()
    {
        var clock = new ManualClock(Start);
        var coalescer = new NotificationCoalescer(clock, Window);

        var a = coalescer.Offer(Note(NotificationKind.UsageLimit, "waiting"));
        clock.Advance(Window);
        var b = coalescer.Offer(Note(NotificationKind.Completed, "done"));

        Assert.Equal(1, a?.Count);
        Assert.Equal("done", b?.Summary);
        Assert.Equal(1, b?.Count);
        Assert.Null(coalescer.DueIn());
    }

    [Fact]
    public void What_a_window_held_goes_out_with_the_next_one_after_it_or_at_a_flush()
    {
        var clock = new ManualClock(Start);
        var coalescer = new NotificationCoalescer(clock, Window);
        coalescer.Offer(Note(NotificationKind.PrOpened, "pr"));
        coalescer.Offer(Note(NotificationKind.Halted, "halted"));

        clock.Advance(TimeSpan.FromMinutes(1));
        var next = coalescer.Offer(Note(NotificationKind.Completed, "done"));
        var flushedEmpty = coalescer.Flush();
        coalescer.Offer(Note(NotificationKind.Tripped, "tripped"));
        var flushed = coalescer.Flush();

        Assert.Equal(2, next?.Count);
        Assert.Equal(NotificationKind.Completed, next?.Kind);
        Assert.Null(flushedEmpty);
        Assert.Equal("tripped", flushed?.Summary);
    }

    private static Notification Note(NotificationKind kind, string summary) => new(kind, "run-1", Start, summary);
}
