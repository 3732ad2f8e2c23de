using Ias.Core.Safety;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Safety;

public sealed class RateLimiterTests
{
    private static readonly DateTimeOffset TenOClock = new(2026, 1, 19, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ElevenOClock = TenOClock.AddHours(1);

    private readonly ManualClock _clock = new(TenOClock.AddMinutes(42).AddSeconds(13));

    private RateLimiter Limiter(int limit = 100) => new(RateLimiter.Fresh(_clock.GetUtcNow(), limit), _clock);

    /// <summary>Uses up the hour's budget the way the engine does: ask, then record.</summary>
    private static void Exhaust(RateLimiter limiter)
    {
        while (limiter.Snapshot.CallsThisHour < limiter.Snapshot.Limit)
        {
            Assert.Equal(RateDecisionKind.Proceed, limiter.BeforeCall().Kind);
            Record(limiter, 1);
        }
    }

    /// <summary><paramref name="calls"/> agent calls started and completed.</summary>
    private static void Record(RateLimiter limiter, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            limiter.CallStarted();
        }

        limiter.CallCompleted();
    }

    /// <summary>A wait the engine gave up on before the boundary (cancelled, interrupted): the next ask is a new wait.</summary>
    private static RateDecision WaitAgainInTheSameHour(RateLimiter limiter)
    {
        limiter.WaitEnded();
        return limiter.BeforeCall();
    }

    [Fact]
    public void A_fresh_window_starts_at_the_utc_hour_containing_now()
    {
        var local = new DateTimeOffset(2026, 1, 19, 12, 42, 13, TimeSpan.FromHours(2));

        var snap = RateLimiter.Fresh(local, 100);

        Assert.Equal(new RateLimitSnapshot(TenOClock, 0, 100, 0, null), snap);
        Assert.Equal(TimeSpan.Zero, snap.CurrentHour.Offset);
    }

    [Fact]
    public void Under_the_limit_a_call_proceeds()
    {
        var limiter = Limiter(limit: 3);
        Record(limiter, 2);

        var decision = limiter.BeforeCall();

        Assert.Equal(new RateDecision(RateDecisionKind.Proceed, null), decision);
        Assert.Null(limiter.TimeToReset);
    }

    [Fact]
    public void Each_started_call_counts_one_in_the_hour()
    {
        var limiter = Limiter();

        Record(limiter, 1);
        Record(limiter, 7);

        Assert.Equal(8, limiter.Snapshot.CallsThisHour);
    }

    [Fact]
    public void At_the_limit_the_call_waits_until_exactly_the_next_hour_boundary()
    {
        var limiter = Limiter(limit: 3);
        Exhaust(limiter);

        var decision = limiter.BeforeCall();

        Assert.Equal(new RateDecision(RateDecisionKind.Wait, ElevenOClock), decision);
        Assert.Equal(ElevenOClock, limiter.Snapshot.WaitingUntil);
        Assert.Equal(1, limiter.Snapshot.ConsecutiveWaits);
        Assert.Equal(new TimeSpan(0, 17, 47), limiter.TimeToReset);
    }

    [Fact]
    public void Calls_recorded_beyond_the_limit_also_wait()
    {
        var limiter = Limiter(limit: 10);
        Record(limiter, 25);

        Assert.Equal(RateDecisionKind.Wait, limiter.BeforeCall().Kind);
    }

    [Fact]
    public void The_countdown_shrinks_with_the_clock_and_stops_at_zero()
    {
        var limiter = Limiter(limit: 1);
        Exhaust(limiter);
        limiter.BeforeCall();

        _clock.Set(ElevenOClock.AddMinutes(-1));
        Assert.Equal(TimeSpan.FromMinutes(1), limiter.TimeToReset);

        _clock.Set(ElevenOClock.AddSeconds(5));
        Assert.Equal(TimeSpan.Zero, limiter.TimeToReset);
    }

    [Fact]
    public void The_window_rolls_at_the_hour_boundary_and_not_a_tick_before()
    {
        var limiter = Limiter(limit: 2);
        Exhaust(limiter);

        _clock.Set(ElevenOClock.AddTicks(-1));
        Assert.Equal(RateDecisionKind.Wait, limiter.BeforeCall().Kind);
        Assert.Equal(TenOClock, limiter.Snapshot.CurrentHour);

        _clock.Set(ElevenOClock);
        limiter.WaitEnded();

        Assert.Equal(ElevenOClock, limiter.Snapshot.CurrentHour);
        Assert.Equal(0, limiter.Snapshot.CallsThisHour);
        Assert.Null(limiter.Snapshot.WaitingUntil);
        Assert.Null(limiter.TimeToReset);
        Assert.Equal(RateDecisionKind.Proceed, limiter.BeforeCall().Kind);
        Assert.Equal(1, limiter.Snapshot.ConsecutiveWaits); // the streak ends with a completed call, not with permission
        Record(limiter, 1);
        Assert.Equal(0, limiter.Snapshot.ConsecutiveWaits);
    }

    [Fact]
    public void Asking_after_the_boundary_rolls_the_window_even_without_wait_ended()
    {
        var limiter = Limiter(limit: 1);
        Exhaust(limiter);
        limiter.BeforeCall();
        _clock.Set(ElevenOClock.AddMinutes(3));

        var decision = limiter.BeforeCall();

        Assert.Equal(RateDecisionKind.Proceed, decision.Kind);
        Assert.Equal(new RateLimitSnapshot(ElevenOClock, 0, 1, 1, null), limiter.Snapshot);
    }

    [Fact]
    public void Calls_recorded_in_a_later_hour_start_a_new_count()
    {
        var limiter = Limiter();
        Record(limiter, 60);
        _clock.Set(ElevenOClock.AddMinutes(30));

        Record(limiter, 5);

        Assert.Equal(ElevenOClock, limiter.Snapshot.CurrentHour);
        Assert.Equal(5, limiter.Snapshot.CallsThisHour);
    }

    [Fact]
    public void A_clock_set_back_does_not_hand_out_a_second_budget_for_the_hour()
    {
        var limiter = Limiter(limit: 1);
        Exhaust(limiter);

        _clock.Set(TenOClock.AddHours(-1).AddMinutes(30));
        var decision = limiter.BeforeCall();

        Assert.Equal(new RateDecision(RateDecisionKind.Wait, ElevenOClock), decision);
        Assert.Equal(TenOClock, limiter.Snapshot.CurrentHour);
    }

    [Fact]
    public void Asking_again_during_a_pending_wait_returns_the_same_wait_uncounted()
    {
        var limiter = Limiter(limit: 1);
        Exhaust(limiter);
        limiter.BeforeCall();

        for (var i = 0; i < 10; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(30));
            Assert.Equal(new RateDecision(RateDecisionKind.Wait, ElevenOClock), limiter.BeforeCall());
        }

        Assert.Equal(1, limiter.Snapshot.ConsecutiveWaits);
    }

    [Fact]
    public void Four_consecutive_waits_still_wait()
    {
        var limiter = Limiter(limit: 1);
        Exhaust(limiter);

        Assert.Equal(RateDecisionKind.Wait, limiter.BeforeCall().Kind);
        for (var i = 2; i <= 4; i++)
        {
            Assert.Equal(new RateDecision(RateDecisionKind.Wait, ElevenOClock), WaitAgainInTheSameHour(limiter));
        }

        Assert.Equal(4, limiter.Snapshot.ConsecutiveWaits);
    }

    [Fact]
    public void The_fifth_consecutive_wait_halts_instead_of_waiting()
    {
        var limiter = Limiter(limit: 1);
        Exhaust(limiter);
        limiter.BeforeCall();
        for (var i = 2; i <= 4; i++)
        {
            WaitAgainInTheSameHour(limiter);
        }

        var decision = WaitAgainInTheSameHour(limiter);

        Assert.Equal(new RateDecision(RateDecisionKind.Halt, null), decision);
        Assert.Equal(RateLimiter.MaxConsecutiveWaits, limiter.Snapshot.ConsecutiveWaits);
        Assert.Null(limiter.Snapshot.WaitingUntil);
        Assert.Null(limiter.TimeToReset);
    }

    [Fact]
    public void Usage_limit_refusals_in_a_row_are_consecutive_waits_and_the_fifth_halts()
    {
        var limiter = Limiter(limit: 100);
        var decisions = new List<RateDecision>();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(RateDecisionKind.Proceed, limiter.BeforeCall().Kind);
            var resetsAt = _clock.GetUtcNow().AddMinutes(20);
            decisions.Add(limiter.UsageLimited(resetsAt));
            _clock.Set(resetsAt);
            limiter.WaitEnded();
        }

        Assert.Equal(
            [RateDecisionKind.Wait, RateDecisionKind.Wait, RateDecisionKind.Wait, RateDecisionKind.Wait, RateDecisionKind.Halt],
            decisions.Select(d => d.Kind));
        Assert.Equal(TenOClock.AddMinutes(42).AddSeconds(13).AddMinutes(20), decisions[0].WaitUntil);
    }

    [Fact]
    public void A_usage_limit_without_a_reset_time_waits_for_the_next_hour()
    {
        var limiter = Limiter();

        Assert.Equal(new RateDecision(RateDecisionKind.Wait, ElevenOClock), limiter.UsageLimited(null));
        Assert.Equal(1, limiter.Snapshot.ConsecutiveWaits);
    }

    [Fact]
    public void A_usage_limit_resetting_in_twenty_seconds_is_waited_for_exactly()
    {
        var limiter = Limiter();
        var reset = _clock.GetUtcNow().AddSeconds(20);

        Assert.Equal(new RateDecision(RateDecisionKind.Wait, reset), limiter.UsageLimited(reset));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(70)]
    public void A_usage_limit_whose_reset_has_come_is_retried_within_seconds_not_at_the_next_hour(int secondsAgo)
    {
        var limiter = Limiter();
        var now = _clock.GetUtcNow();

        var decision = limiter.UsageLimited(now.AddSeconds(-secondsAgo));

        Assert.Equal(RateDecisionKind.Wait, decision.Kind);
        Assert.InRange(decision.WaitUntil!.Value, now.AddSeconds(1), now + RateLimiter.ResetJitter);
        Assert.Equal(1, limiter.Snapshot.ConsecutiveWaits);
    }

    [Fact]
    public void A_completed_call_between_waits_resets_the_streak()
    {
        var limiter = Limiter(limit: 1);
        Exhaust(limiter);
        limiter.BeforeCall();
        for (var i = 2; i <= 4; i++)
        {
            WaitAgainInTheSameHour(limiter);
        }

        _clock.Set(ElevenOClock);
        limiter.WaitEnded();
        Assert.Equal(RateDecisionKind.Proceed, limiter.BeforeCall().Kind);
        Assert.Equal(4, limiter.Snapshot.ConsecutiveWaits);
        Record(limiter, 1);
        Assert.Equal(0, limiter.Snapshot.ConsecutiveWaits);

        Assert.Equal(new RateDecision(RateDecisionKind.Wait, ElevenOClock.AddHours(1)), limiter.BeforeCall());
        Assert.Equal(1, limiter.Snapshot.ConsecutiveWaits);
    }

    [Fact]
    public void After_a_halt_the_resumed_run_counts_waits_from_zero()
    {
        var limiter = Limiter(limit: 1);
        Exhaust(limiter);
        limiter.BeforeCall();
        for (var i = 2; i <= 5; i++)
        {
            WaitAgainInTheSameHour(limiter);
        }

        var decision = limiter.BeforeCall();

        Assert.Equal(new RateDecision(RateDecisionKind.Wait, ElevenOClock), decision);
        Assert.Equal(1, limiter.Snapshot.ConsecutiveWaits);
    }

    [Fact]
    public void A_limiter_rebuilt_from_its_snapshot_continues_exactly()
    {
        var original = Limiter(limit: 1);
        Exhaust(original);
        original.BeforeCall();
        WaitAgainInTheSameHour(original);
        WaitAgainInTheSameHour(original);
        var restarted = new RateLimiter(original.Snapshot, _clock);

        Assert.Equal(original.TimeToReset, restarted.TimeToReset);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(original.BeforeCall(), restarted.BeforeCall());
        Assert.Equal(WaitAgainInTheSameHour(original), WaitAgainInTheSameHour(restarted));
        Assert.Equal(RateDecisionKind.Halt, WaitAgainInTheSameHour(restarted).Kind);
        Assert.Equal(RateDecisionKind.Halt, WaitAgainInTheSameHour(original).Kind);
        Assert.Equal(original.Snapshot, restarted.Snapshot);

        _clock.Set(ElevenOClock.AddMinutes(2));
        original.WaitEnded();
        restarted.WaitEnded();
        Assert.Equal(original.BeforeCall(), restarted.BeforeCall());
        Record(original, 3);
        Record(restarted, 3);
        Assert.Equal(original.Snapshot, restarted.Snapshot);
    }

    [Fact]
    public void Changing_the_limiter_does_not_change_a_snapshot_taken_earlier()
    {
        var limiter = Limiter();
        var before = limiter.Snapshot;

        Record(limiter, 5);

        Assert.Equal(0, before.CallsThisHour);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void A_limit_below_one_call_an_hour_is_rejected(int limit)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => RateLimiter.Fresh(TenOClock, limit));

        Assert.Contains("calls_per_hour", ex.Message);
    }

    [Fact]
    public void A_call_counts_when_it_starts_so_a_second_call_waits_while_the_first_still_runs()
    {
        var limiter = Limiter(limit: 1);
        Assert.Equal(RateDecisionKind.Proceed, limiter.BeforeCall().Kind);

        limiter.CallStarted();

        Assert.Equal(1, limiter.Snapshot.CallsThisHour);
        Assert.Equal(new RateDecision(RateDecisionKind.Wait, ElevenOClock), limiter.BeforeCall());
        Assert.Equal(1, limiter.Snapshot.CallsThisHour);
    }

    [Fact]
    public void Only_a_completed_call_ends_a_streak_of_waits()
    {
        var limiter = Limiter(limit: 1);
        Exhaust(limiter);
        limiter.BeforeCall();
        _clock.Set(ElevenOClock);
        limiter.WaitEnded();
        Assert.Equal(RateDecisionKind.Proceed, limiter.BeforeCall().Kind);

        limiter.CallStarted();
        Assert.Equal(1, limiter.Snapshot.ConsecutiveWaits);
        limiter.CallCompleted();

        Assert.Equal(0, limiter.Snapshot.ConsecutiveWaits);
        Assert.Equal(1, limiter.Snapshot.CallsThisHour);
    }
}
