using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Records;
using Ias.Core.Safety;

namespace Ias.Core.Tests.Support;

/// <summary>Snapshots with every field set to something other than its default, so a dropped field shows.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Start = new(2026, 1, 19, 10, 0, 0, TimeSpan.Zero);

    public static RunSnapshot Run(string id = "run-20260119-abc123") => new(
        RunId: id,
        Target: "sprint-1",
        Branch: "feature/sprint-1",
        State: RunState.JackIn,
        Phase: Phase.RateLimited,
        Started: Start,
        LastActivity: Start.AddMinutes(90).AddMilliseconds(250),
        CycleCurrent: 3,
        CycleLimit: 20,
        CycleHistory:
        [
            new CycleEntry(1, Phase.Implement, 5),
            new CycleEntry(2, Phase.Review, 2),
            new CycleEntry(3, Phase.Audit, 0),
        ],
        FilesChanged: 15,
        Commits: 3,
        FindingsFixed: 7,
        Options: new RunOptions(MaxCycles: 20, TimeoutHours: 7.5, DryRun: true, Local: true, ConfirmPush: true, Agent: "codex"),
        HaltReason: "same issue 3 times: \"null check\" + é",
        ResumePhase: Phase.Review,
        TokensIn: 123_456_789_012,
        TokensOut: 42,
        CostUsd: 1.25m);

    public static BreakerSnapshot Breaker() => new(
        State: BreakerState.HalfOpen,
        SameIssueCount: 2,
        LastHash: "abc123",
        SameIssueThreshold: 4,
        NoProgressCount: 1,
        NoProgressThreshold: 6,
        CycleCurrent: 3,
        CycleLimit: 20,
        TimeoutStarted: Start,
        TimeoutLimitHours: 8,
        History:
        [
            new BreakerTrip(Start.AddHours(1), TripCause.SameIssue, "abc123", "same finding 3 times"),
            new BreakerTrip(Start.AddHours(2), TripCause.NoProgress, null, "no file changes in 5 cycles"),
        ]);

    public static RateLimitSnapshot RateLimit() => new(
        CurrentHour: Start,
        CallsThisHour: 45,
        Limit: 100,
        ConsecutiveWaits: 2,
        WaitingUntil: Start.AddHours(1));

    /// <summary>Record equality compares lists by reference; this compares them by content.</summary>
    public static void AssertSame(RunSnapshot expected, RunSnapshot? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.CycleHistory, actual.CycleHistory);
        Assert.Equal(expected, actual with { CycleHistory = expected.CycleHistory });
    }

    public static void AssertSame(BreakerSnapshot expected, BreakerSnapshot? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.History, actual.History);
        Assert.Equal(expected, actual with { History = expected.History });
    }
}
