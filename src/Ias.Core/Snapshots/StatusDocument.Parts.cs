using Ias.Core.Bugs;
using Ias.Core.Cycles.Records;
using Ias.Core.Plans;
using Ias.Core.Safety;
using Ias.Core.StateMachines;

namespace Ias.Core.Snapshots;

// The document's nested objects, each in the order `--json` has always written its fields.
public sealed partial record StatusDocument
{
    /// <summary>Whether an engine holds the repository's lock, and who it is.</summary>
    public sealed record EnginePart(bool Alive, string? Owner);

    /// <summary>What the run has done so far.</summary>
    public sealed record MetricsPart(int FilesChanged, int Commits, int FindingsFixed);

    /// <summary>The tokens and the money the run's agent calls used.</summary>
    public sealed record UsagePart(long TokensIn, long TokensOut, decimal CostUsd);

    /// <summary>The run's and the day's spend against their caps; a cap not set is null, and so is what is left of it.</summary>
    public sealed record BudgetPart(
        decimal RunSpentUsd,
        decimal TodaySpentUsd,
        decimal NextCallUsd,
        decimal? RunCapUsd,
        string? RunCapKey,
        decimal? RunLeftUsd,
        decimal? DailyCapUsd,
        string? DailyCapKey,
        decimal? DailyLeftUsd)
    {
        /// <summary>Null when nothing is known of the spend (no run).</summary>
        internal static BudgetPart? Of(Spend? spend) => spend is null ? null : new BudgetPart(
            spend.Run,
            spend.Today,
            spend.LargestCall,
            spend.Caps.Run?.Usd,
            spend.Caps.Run?.Key,
            spend.RunLeft,
            spend.Caps.Daily?.Usd,
            spend.Caps.Daily?.Key,
            spend.TodayLeft);
    }

    /// <summary>The breaker's state, its counters against their thresholds (`2/3`), and its trips.</summary>
    public sealed record BreakerPart(string State, string SameIssue, string NoProgress, int Trips, string? LastTrip)
    {
        internal static BreakerPart? Of(BreakerSnapshot? b) => b is null ? null : new BreakerPart(
            WireName.Of(b.State),
            $"{b.SameIssueCount}/{b.SameIssueThreshold}",
            $"{b.NoProgressCount}/{b.NoProgressThreshold}",
            b.History.Count,
            // A trip's reason may quote an agent: it is shown inert.
            b.History.LastOrDefault() is { } trip ? InertText.Line(trip.Reason.Length > 0 ? trip.Reason : trip.Trigger.Wire) : null);
    }

    /// <summary>The rate budget of this hour, and how long a wait for the hour boundary has left.</summary>
    public sealed record RatePart(int CallsThisHour, int Limit, int ConsecutiveWaits, string? WaitingUntil, long? SecondsToReset)
    {
        internal static RatePart? Of(RateLimitSnapshot? r, TimeSpan? toReset) => r is null ? null : new RatePart(
            r.CallsThisHour,
            r.Limit,
            r.ConsecutiveWaits,
            r.WaitingUntil is { } w ? Iso(w) : null,
            toReset is { } t ? (long)t.TotalSeconds : null);
    }

    /// <summary>The sprint plan the run belongs to, and what the git-aware state sync found when it ran.</summary>
    public sealed record PlanPart(string PlanId, string State, int Completed, int Total, string? Current, string Branch, string? PrUrl, SyncPart? Sync)
    {
        internal static PlanPart? Of(SprintPlanState? plan, SprintPlanSync? sync) => plan is null ? null : new PlanPart(
            plan.PlanId,
            WireName.Of(plan.State),
            plan.Completed,
            plan.Sprints.Count,
            plan.Current,
            plan.Branch,
            plan.PrUrl,
            sync is null ? null : new SyncPart(sync.Synced, sync.Reason, sync.CommitsFound, sync.CommitsExpected, sync.BaseBranch));
    }

    /// <summary>The git-aware state sync's answer, shaped like the original Run Mode tools' result object.</summary>
    public sealed record SyncPart(bool Synced, string Reason, int CommitsFound, int CommitsExpected, string BaseBranch);

    /// <summary>The bug run whose micro-sprint the run is.</summary>
    public sealed record BugPart(string BugId, string State, string SprintId, string RiskLevel, string? HaltReason)
    {
        internal static BugPart? Of(BugRecord? bug) => bug is null ? null : new BugPart(
            bug.BugId,
            WireName.Of(bug.State),
            bug.SprintId,
            bug.Confidence.RiskLevel,
            InertText.LineOrNull(bug.HaltReason));
    }
}
