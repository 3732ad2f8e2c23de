using System.Security.Cryptography;
using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Replays;
using Ias.Core.Safety;
using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Replays;

/// <summary>
/// A stored run as a timeline, on a real ias.db: a sprint whose review found the same issue twice, so its breaker tripped
/// and halted it, recorded as the engine records it (its run, phases, findings, agent calls, events, breaker and hourly calls).
/// </summary>
public sealed class RunTimelineTests : IDisposable
{
    private const string RunId = "run-20260119-abc123";
    private static readonly DateTimeOffset T0 = Samples.Start;
    private readonly TempDir _dir = new();
    private readonly RunPaths _paths;

    public RunTimelineTests()
    {
        _paths = new RunPaths(_dir.Path);
        Record();
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Its_moments_are_the_runs_events_in_time_order_and_each_phase_begins_at_its_started_event()
    {
        var timeline = RunTimeline.Read(_paths, RunId)!;

        Assert.Equal(12, timeline.Count);
        Assert.Equal([2, 4, 6, 8], timeline.PhaseStarts);
        Assert.Equal("reviewer started", timeline.Moment(4).Message);
        Assert.Equal(T0.AddSeconds(12), timeline.Moment(4).At);
        Assert.Equal(T0.AddSeconds(21), timeline.Until(4));
        Assert.Equal(DateTimeOffset.MaxValue, timeline.Until(11));
        Assert.True(timeline.Moment(11).Last);
    }

    [Fact]
    public void At_a_phases_start_the_phase_runs_the_ones_before_are_done_and_the_clock_stands_at_the_moment()
    {
        var snap = RunTimeline.Read(_paths, RunId)!.At(4);

        Assert.Equal(RunState.Running, snap.Status.Run!.State);
        Assert.Equal(Phase.Review, snap.Status.Run.Phase);
        Assert.Equal(1, snap.Status.Run.CycleCurrent);
        Assert.True(snap.Status.EngineAlive);
        Assert.Equal(T0.AddSeconds(12), snap.Status.Now);
        Assert.Equal(["c1 Implement Done", "c1 Review Running"], Rows(snap));
        // The moment stands until the next event, the verdict: by then the review's call had ended too, and both count.
        Assert.Equal(200, snap.Status.Run.TokensIn);
        Assert.Equal(0.02m, snap.Spend!.Run);
        Assert.Equal(2, snap.Status.RateLimit!.CallsThisHour);
        Assert.Equal((0, 0, BreakerState.Closed), (snap.Status.Breaker!.SameIssueCount, snap.Status.Breaker.NoProgressCount, snap.Status.Breaker.State));
        Assert.Equal(4, snap.Replayed!.Index);
    }

    [Fact]
    public void Between_two_phases_the_next_one_waits_and_the_breaker_has_counted_what_ended()
    {
        var snap = RunTimeline.Read(_paths, RunId)!.At(5);

        Assert.Equal(["c1 Implement Done", "c1 Review Done", "c2 Implement Pending"], Rows(snap));
        Assert.Equal(2, snap.Status.Run!.CycleCurrent);
        Assert.Equal(1, snap.Status.Breaker!.SameIssueCount);
        Assert.Equal([new CycleEntry(1, Phase.Implement, 0), new CycleEntry(1, Phase.Review, 1)], snap.Status.Run.CycleHistory);
    }

    [Fact]
    public void Once_the_breaker_tripped_it_shows_OPEN_with_its_streaks_and_the_trip()
    {
        var snap = RunTimeline.Read(_paths, RunId)!.At(10);

        var breaker = snap.Status.Breaker!;
        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.Equal(2, breaker.SameIssueCount);
        Assert.Equal(1, breaker.NoProgressCount);
        Assert.Single(breaker.History);
        Assert.Equal(RunState.Running, snap.Status.Run!.State);
    }

    [Fact]
    public void The_last_moment_is_the_run_as_it_was_left_with_no_engine()
    {
        var snap = RunTimeline.Read(_paths, RunId)!.At(11);

        Assert.Equal(RunState.Halted, snap.Status.Run!.State);
        Assert.Equal("same issue 2 times", snap.Status.Run.HaltReason);
        Assert.False(snap.Status.EngineAlive);
        Assert.Equal(["c1 Implement Done", "c1 Review Done", "c2 Implement Done", "c2 Review Done", "c2 Review Pending"], Rows(snap));
        Assert.Equal(4, snap.Status.RateLimit!.CallsThisHour);
    }

    [Fact]
    public void Reading_a_timeline_changes_no_byte_of_the_checkouts_run_folder_and_an_unknown_run_is_none()
    {
        var before = Files();

        var timeline = RunTimeline.Read(_paths, RunId)!;
        for (var i = 0; i < timeline.Count; i++)
        {
            timeline.At(i);
        }

        Assert.Null(RunTimeline.Read(_paths, "run-20200101-nope00"));
        Assert.Equal(before, Files());
    }

    [Fact]
    public void A_checkout_with_no_database_is_refused_and_none_is_made()
    {
        using var empty = new TempDir();
        var paths = new RunPaths(empty.Path);

        var e = Assert.Throws<StateFileException>(() => RunTimeline.Read(paths, RunId));
        Assert.Contains("no ias database here", e.Message);
        Assert.False(Directory.Exists(paths.RunDir));
    }

    private static List<string> Rows(EngineSnapshot snap) => [.. snap.Jobs.Select(j => $"c{j.Cycle} {j.Phase} {j.Status}")];

    private SortedDictionary<string, string> Files() => new(
        Directory.EnumerateFiles(_paths.RunDir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(_paths.RunDir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);

    /// <summary>The sprint as the engine records it: two cycles, the review finding the same issue in both, the breaker tripping at the second.</summary>
    private void Record()
    {
        Directory.CreateDirectory(_paths.RunDir);
        using var store = RunStore.Open(_paths.Database);
        var runs = new RunRecords(store);
        Finding[] same = [new("F1", "high", "null check", "a.cs", 3)];
        runs.SaveRun(Samples.Run(RunId) with { State = RunState.Halted, Phase = Phase.Review, CycleCurrent = 2, CycleLimit = 6, HaltReason = "same issue 2 times", ResumePhase = null });
        Event(0, RunEventKind.Transition, "READY → JACK_IN (start): pre-flight checks");
        Event(1, RunEventKind.Transition, "JACK_IN → RUNNING (preflight_passed): on branch feature/sprint-1");
        Step(2, 1, Phase.Implement, "implementer started", filesChanged: 2, null);
        Event(11, RunEventKind.Commit, "abc1234 2 file(s): cycle 1");
        Step(12, 1, Phase.Review, "reviewer started", 0, same);
        Event(21, RunEventKind.Phase, "review found 1: null check (cycle 1)");
        Step(22, 2, Phase.Implement, "implementer started", 0, null);
        Event(31, RunEventKind.Commit, "implement changed no file; nothing to commit");
        Step(32, 2, Phase.Review, "reviewer started", 0, same);
        Event(41, RunEventKind.Phase, "review found 1: null check (cycle 2)");
        Event(41.5, RunEventKind.Breaker, "tripped same_issue: same finding hash seen 2 times (threshold 2)");
        Event(42, RunEventKind.Transition, "RUNNING → HALTED (breaker_tripped): same issue 2 times");

        var safety = new SafetyStore(store);
        safety.SaveBreaker(RunId, new BreakerSnapshot(BreakerState.Open, 2, "h", 2, 1, 5, 2, 6, T0, 1, [new BreakerTrip(T0.AddSeconds(41.5), TripCause.SameIssue, "h", "same finding hash seen 2 times")]));
        safety.SaveRateLimit(new RateLimitSnapshot(T0, 4, 100, 0, null));

        void Event(double second, RunEventKind kind, string message) => runs.AddEvent(RunId, T0.AddSeconds(second), kind, message);

        // A phase: its start and its event, its agent's call a second later, its end nine seconds after its start.
        void Step(int second, int cycle, Phase phase, string started, int filesChanged, Finding[]? findings)
        {
            var id = runs.BeginPhase(RunId, cycle, phase, T0.AddSeconds(second));
            Event(second, RunEventKind.Phase, started);
            runs.AddAgentCall(new AgentCallRecord(RunId, cycle, phase, phase == Phase.Implement ? "implementer" : "reviewer", "sim", null, T0.AddSeconds(second + 1), T0.AddSeconds(second + 8), 0, "done", 1, 100, 10, 0.01m, ""));
            if (findings is not null)
            {
                runs.AddFindings(RunId, cycle, phase, FindingsHash.Of(findings)!, findings);
            }

            runs.EndPhase(id, findings is null ? StepOutcome.Done : StepOutcome.Findings, findings?.Length ?? 0, filesChanged, T0.AddSeconds(second + 9));
        }
    }
}
