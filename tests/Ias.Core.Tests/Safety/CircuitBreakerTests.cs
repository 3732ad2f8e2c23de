using Ias.Core.Safety;
using Ias.Core.StateMachines;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Safety;

public sealed class CircuitBreakerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 19, 10, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(Start);

    private CircuitBreaker Breaker(int cycleLimit = 20, double timeoutHours = 8, int sameIssue = 3, int noProgress = 5) =>
        new(CircuitBreaker.Fresh(Start, cycleLimit, timeoutHours, sameIssue, noProgress), _clock);

    [Fact]
    public void A_fresh_breaker_is_closed_with_zeroed_counters_and_no_history()
    {
        var snap = CircuitBreaker.Fresh(Start, 20, 8, 3, 5);

        Assert.Equal(BreakerState.Closed, snap.State);
        Assert.Equal(0, snap.SameIssueCount);
        Assert.Null(snap.LastHash);
        Assert.Equal(0, snap.NoProgressCount);
        Assert.Equal(0, snap.CycleCurrent);
        Assert.Equal(20, snap.CycleLimit);
        Assert.Equal(Start, snap.TimeoutStarted);
        Assert.Equal(8, snap.TimeoutLimitHours);
        Assert.Equal(3, snap.SameIssueThreshold);
        Assert.Equal(5, snap.NoProgressThreshold);
        Assert.Empty(snap.History);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Same_finding_hash_trips_on_exactly_the_threshold_occurrence(int threshold)
    {
        var breaker = Breaker(sameIssue: threshold);

        for (var i = 1; i < threshold; i++)
        {
            Assert.Null(breaker.RecordFindings("abc123"));
            Assert.Equal(BreakerState.Closed, breaker.State);
        }

        var trip = breaker.RecordFindings("abc123");

        Assert.NotNull(trip);
        Assert.Equal(TripCause.SameIssue, trip.Trigger);
        Assert.Equal("abc123", trip.Hash);
        Assert.Equal($"same finding hash abc123 seen {threshold} times (threshold {threshold})", trip.Reason);
        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.Equal(threshold, breaker.Snapshot.SameIssueCount);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_findings_never_count_as_a_repeat(string? none)
    {
        var breaker = Breaker(sameIssue: 2);

        for (var i = 0; i < 10; i++)
        {
            Assert.Null(breaker.RecordFindings(none));
        }

        Assert.Equal(BreakerState.Closed, breaker.State);
        Assert.Equal(0, breaker.Snapshot.SameIssueCount);
        Assert.Null(breaker.Snapshot.LastHash);
    }

    [Fact]
    public void A_clean_cycle_between_two_identical_findings_ends_the_streak()
    {
        var breaker = Breaker(sameIssue: 3);

        breaker.RecordFindings("abc123");
        breaker.RecordFindings("abc123");
        breaker.RecordFindings(null);
        Assert.Null(breaker.RecordFindings("abc123"));
        Assert.Null(breaker.RecordFindings("abc123"));

        Assert.Equal(2, breaker.Snapshot.SameIssueCount);
        Assert.Equal(BreakerState.Closed, breaker.State);
    }

    [Fact]
    public void A_different_hash_restarts_the_count_at_one()
    {
        var breaker = Breaker(sameIssue: 3);

        breaker.RecordFindings("abc123");
        breaker.RecordFindings("abc123");
        Assert.Null(breaker.RecordFindings("def456"));

        Assert.Equal(1, breaker.Snapshot.SameIssueCount);
        Assert.Equal("def456", breaker.Snapshot.LastHash);
        Assert.Null(breaker.RecordFindings("def456"));
        Assert.NotNull(breaker.RecordFindings("def456"));
    }

    [Fact]
    public void Hashes_are_compared_exactly_so_case_differences_are_different_findings()
    {
        var breaker = Breaker(sameIssue: 2);

        breaker.RecordFindings("ABC");

        Assert.Null(breaker.RecordFindings("abc"));
        Assert.Equal(1, breaker.Snapshot.SameIssueCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(8)]
    public void Cycles_without_file_changes_trip_on_exactly_the_threshold_cycle(int threshold)
    {
        var breaker = Breaker(noProgress: threshold);

        for (var i = 1; i < threshold; i++)
        {
            Assert.Null(breaker.RecordProgress(changedFiles: false));
            Assert.Equal(BreakerState.Closed, breaker.State);
        }

        var trip = breaker.RecordProgress(changedFiles: false);

        Assert.NotNull(trip);
        Assert.Equal(TripCause.NoProgress, trip.Trigger);
        Assert.Null(trip.Hash);
        Assert.Equal($"no file changes for {threshold} consecutive cycles (threshold {threshold})", trip.Reason);
        Assert.Equal(BreakerState.Open, breaker.State);
    }

    [Fact]
    public void A_cycle_that_changes_files_resets_the_no_progress_count()
    {
        var breaker = Breaker(noProgress: 5);

        for (var i = 0; i < 4; i++)
        {
            breaker.RecordProgress(changedFiles: false);
        }

        Assert.Null(breaker.RecordProgress(changedFiles: true));
        Assert.Equal(0, breaker.Snapshot.NoProgressCount);

        for (var i = 0; i < 4; i++)
        {
            Assert.Null(breaker.RecordProgress(changedFiles: false));
        }

        Assert.Equal(BreakerState.Closed, breaker.State);
        Assert.NotNull(breaker.RecordProgress(changedFiles: false));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(20)]
    public void The_cycle_after_the_limit_trips_and_the_last_allowed_cycle_does_not(int limit)
    {
        var breaker = Breaker(cycleLimit: limit);

        for (var cycle = 1; cycle <= limit; cycle++)
        {
            Assert.Null(breaker.CycleStarted(cycle));
        }

        Assert.Equal(limit, breaker.Snapshot.CycleCurrent);
        Assert.Equal(BreakerState.Closed, breaker.State);

        var trip = breaker.CycleStarted(limit + 1);

        Assert.NotNull(trip);
        Assert.Equal(TripCause.CycleLimit, trip.Trigger);
        Assert.Equal($"cycle {limit + 1} exceeds the limit of {limit} cycles", trip.Reason);
        Assert.Equal(limit, breaker.Snapshot.CycleCurrent); // the refused cycle never ran
        Assert.Equal(BreakerState.Open, breaker.State);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(0.5)]
    public void The_timeout_trips_at_exactly_its_limit_and_not_a_second_before(double hours)
    {
        var breaker = Breaker(timeoutHours: hours);

        _clock.Advance(TimeSpan.FromHours(hours) - TimeSpan.FromSeconds(1));
        Assert.Null(breaker.CheckTimeout());
        Assert.Equal(BreakerState.Closed, breaker.State);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var trip = breaker.CheckTimeout();

        Assert.NotNull(trip);
        Assert.Equal(TripCause.Timeout, trip.Trigger);
        Assert.Equal(BreakerState.Open, breaker.State);
    }

    [Fact]
    public void The_timeout_reason_says_how_long_it_ran_and_the_limit()
    {
        var breaker = Breaker(timeoutHours: 8);
        _clock.Advance(TimeSpan.FromHours(8.5));

        var trip = breaker.CheckTimeout();

        Assert.NotNull(trip);
        Assert.Equal("running for 8.5h since 2026-01-19T10:00:00Z, timeout is 8h", trip.Reason);
    }

    [Fact]
    public void Time_not_running_is_left_out_of_the_timeout()
    {
        var breaker = Breaker(timeoutHours: 2);
        _clock.Advance(TimeSpan.FromHours(1.5)); // ran an hour and a half, then halted
        _clock.Advance(TimeSpan.FromHours(10)); // the night
        breaker.NotRunning(TimeSpan.FromHours(10));

        Assert.Null(breaker.CheckTimeout());
        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Null(breaker.CheckTimeout());
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TripCause.Timeout, breaker.CheckTimeout()?.Trigger);
    }

    [Fact]
    public void A_negative_span_not_running_never_shortens_the_window()
    {
        var breaker = Breaker(timeoutHours: 2);
        breaker.NotRunning(TimeSpan.FromHours(-5));

        Assert.Equal(Start, breaker.Snapshot.TimeoutStarted);
    }

    [Fact]
    public void Starting_a_cycle_also_checks_the_timeout()
    {
        var breaker = Breaker(timeoutHours: 2);
        _clock.Advance(TimeSpan.FromHours(2));

        var trip = breaker.CycleStarted(1);

        Assert.NotNull(trip);
        Assert.Equal(TripCause.Timeout, trip.Trigger);
    }

    [Fact]
    public void An_explicit_rate_limit_trip_opens_the_breaker_with_the_given_reason()
    {
        var breaker = Breaker();

        var trip = breaker.Trip(TripCause.RateLimit, "5 consecutive rate-limit waits");

        Assert.Equal(new BreakerTrip(Start, TripCause.RateLimit, null, "5 consecutive rate-limit waits"), trip);
        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.Equal(new[] { trip }, breaker.Snapshot.History);
    }

    [Fact]
    public void History_records_each_trip_with_the_clock_time_in_order()
    {
        var breaker = Breaker(sameIssue: 1, noProgress: 1);

        _clock.Advance(TimeSpan.FromMinutes(10));
        breaker.RecordFindings("abc123");
        _clock.Advance(TimeSpan.FromMinutes(5));
        breaker.Reset();
        _clock.Advance(TimeSpan.FromMinutes(7));
        breaker.RecordProgress(changedFiles: false);

        Assert.Collection(
            breaker.Snapshot.History,
            t =>
            {
                Assert.Equal(Start.AddMinutes(10), t.Timestamp);
                Assert.Equal(TripCause.SameIssue, t.Trigger);
                Assert.Equal("abc123", t.Hash);
            },
            t =>
            {
                Assert.Equal(Start.AddMinutes(22), t.Timestamp);
                Assert.Equal(TripCause.NoProgress, t.Trigger);
                Assert.Null(t.Hash);
            });
    }

    [Fact]
    public void Tripping_while_open_changes_nothing_and_returns_the_trip_that_opened_it()
    {
        var breaker = Breaker(noProgress: 1);
        var first = breaker.Trip(TripCause.RateLimit, "5 consecutive rate-limit waits");
        _clock.Advance(TimeSpan.FromMinutes(1));

        var again = breaker.RecordProgress(changedFiles: false);
        var explicitAgain = breaker.Trip(TripCause.Timeout, "late");

        Assert.Same(first, again);
        Assert.Same(first, explicitAgain);
        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.Single(breaker.Snapshot.History);
    }

    [Fact]
    public void Reset_ice_moves_open_to_half_open_zeroes_counters_and_restarts_the_timeout_clock()
    {
        var breaker = Breaker(timeoutHours: 8, sameIssue: 3);
        breaker.RecordProgress(changedFiles: false);
        breaker.RecordProgress(changedFiles: false);
        breaker.RecordFindings("abc123");
        breaker.RecordFindings("abc123");
        breaker.RecordFindings("abc123");
        _clock.Advance(TimeSpan.FromHours(3));

        breaker.Reset();

        var snap = breaker.Snapshot;
        Assert.Equal(BreakerState.HalfOpen, snap.State);
        Assert.Equal(0, snap.SameIssueCount);
        Assert.Null(snap.LastHash);
        Assert.Equal(0, snap.NoProgressCount);
        Assert.Equal(Start.AddHours(3), snap.TimeoutStarted);
        Assert.Single(snap.History);

        _clock.Advance(TimeSpan.FromHours(7));
        Assert.Null(breaker.CheckTimeout());
    }

    [Fact]
    public void One_successful_cycle_after_reset_ice_closes_the_breaker()
    {
        var breaker = Breaker();
        breaker.Trip(TripCause.RateLimit, "waits");
        breaker.Reset();

        breaker.CycleSucceeded();

        Assert.Equal(BreakerState.Closed, breaker.State);
    }

    [Fact]
    public void A_successful_cycle_while_closed_is_a_no_op()
    {
        var breaker = Breaker();

        breaker.CycleSucceeded();

        Assert.Equal(BreakerState.Closed, breaker.State);
        Assert.Empty(breaker.Snapshot.History);
    }

    [Fact]
    public void A_trip_during_half_open_reopens_the_breaker_and_is_recorded()
    {
        var breaker = Breaker(noProgress: 1);
        breaker.Trip(TripCause.RateLimit, "waits");
        breaker.Reset();

        var trip = breaker.RecordProgress(changedFiles: false);

        Assert.NotNull(trip);
        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.Equal(2, breaker.Snapshot.History.Count);
        Assert.Equal(TripCause.NoProgress, breaker.Snapshot.History[^1].Trigger);
    }

    [Fact]
    public void Reset_ice_on_a_closed_breaker_is_an_invalid_transition()
    {
        var breaker = Breaker();

        var ex = Assert.Throws<InvalidTransitionException>(breaker.Reset);

        Assert.Equal("CLOSED", ex.State);
        Assert.Equal("RESET", ex.Trigger);
        Assert.Equal(BreakerState.Closed, breaker.State);
    }

    [Fact]
    public void A_successful_cycle_while_open_is_an_invalid_transition()
    {
        var breaker = Breaker();
        breaker.Trip(TripCause.RateLimit, "waits");

        var ex = Assert.Throws<InvalidTransitionException>(breaker.CycleSucceeded);

        Assert.Equal("OPEN", ex.State);
        Assert.Equal("CYCLE_SUCCEEDED", ex.Trigger);
        Assert.Equal(BreakerState.Open, breaker.State);
    }

    [Fact]
    public void A_breaker_rebuilt_from_its_snapshot_continues_exactly()
    {
        var original = Breaker(sameIssue: 3, noProgress: 3);
        original.CycleStarted(4);
        original.RecordFindings("abc123");
        original.RecordFindings("abc123");
        original.RecordProgress(changedFiles: false);
        original.RecordProgress(changedFiles: false);
        var restarted = new CircuitBreaker(original.Snapshot, _clock);

        _clock.Advance(TimeSpan.FromMinutes(3));
        var a = original.RecordFindings("abc123");
        var b = restarted.RecordFindings("abc123");
        var c = original.RecordProgress(changedFiles: false);
        var d = restarted.RecordProgress(changedFiles: false);

        Assert.NotNull(a);
        Assert.Equal(a, b);
        Assert.Equal(c, d);
        Assert.Equal(BreakerState.Open, restarted.State);
        Assert.Equivalent(original.Snapshot, restarted.Snapshot, strict: true);
    }

    [Fact]
    public void A_breaker_rebuilt_while_half_open_still_closes_after_one_good_cycle()
    {
        var original = Breaker();
        original.Trip(TripCause.RateLimit, "waits");
        original.Reset();

        var restarted = new CircuitBreaker(original.Snapshot, _clock);
        restarted.CycleSucceeded();

        Assert.Equal(BreakerState.Closed, restarted.State);
    }

    [Fact]
    public void Changing_the_breaker_does_not_change_a_snapshot_taken_earlier()
    {
        var breaker = Breaker(noProgress: 1);
        var before = breaker.Snapshot;

        breaker.RecordProgress(changedFiles: false);

        Assert.Equal(BreakerState.Closed, before.State);
        Assert.Empty(before.History);
        Assert.Equal(0, before.NoProgressCount);
    }

    [Theory]
    [InlineData(0, 8, 3, 5)]
    [InlineData(20, 0, 3, 5)]
    [InlineData(20, -1, 3, 5)]
    [InlineData(20, 8, 0, 5)]
    [InlineData(20, 8, 3, 0)]
    public void Fresh_rejects_limits_that_could_never_be_met(int cycles, double hours, int sameIssue, int noProgress)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CircuitBreaker.Fresh(Start, cycles, hours, sameIssue, noProgress));
    }
}
