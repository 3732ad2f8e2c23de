using System.Globalization;
using System.Text.Json;
using Ias.Core.Safety;
using Ias.Core.StateMachines;

namespace Ias.Core.Snapshots;

/// <summary>`ias run-status --json`: the run, its engine, spend, breaker, rate budget, sprint plan and bug.</summary>
/// <remarks>
/// Scripts read it, so its field names, their order and its nulls are a contract: every field is written, null when the
/// repository has nothing for it. Built from the same snapshot the dashboard draws; strings an agent could have written
/// (halt reasons, trips) are made inert here.
/// </remarks>
public sealed partial record StatusDocument(
    string? RunId,
    string? Target,
    string? Branch,
    string? State,
    string? Phase,
    int? Cycle,
    int? CycleLimit,
    string? Started,
    string? LastActivity,
    long? RuntimeSeconds,
    double? TimeoutHours,
    bool? Sandboxed,
    string? HaltReason,
    bool? Pushed,
    bool? PrCreated,
    string? PrUrl,
    string? NotPublished,
    StatusDocument.EnginePart Engine,
    string? Source,
    StatusDocument.MetricsPart? Metrics,
    StatusDocument.UsagePart? Usage,
    StatusDocument.BudgetPart? Budget,
    StatusDocument.BreakerPart? CircuitBreaker,
    StatusDocument.RatePart? RateLimit,
    StatusDocument.PlanPart? SprintPlan,
    StatusDocument.BugPart? Bug)
{
    /// <summary>The document of <paramref name="snap"/>.</summary>
    public static StatusDocument Of(EngineSnapshot snap)
    {
        ArgumentNullException.ThrowIfNull(snap);
        var s = snap.Status;
        var run = s.Run;
        return new StatusDocument(
            run?.RunId,
            run?.Target,
            run?.Branch,
            run is null ? null : WireName.Of(run.State),
            run is null ? null : WireName.Of(run.Phase),
            run?.CycleCurrent,
            run?.CycleLimit,
            run is null ? null : Iso(run.Started),
            run is null ? null : Iso(run.LastActivity),
            s.Runtime is { } rt ? (long)rt.TotalSeconds : null,
            run?.Options.TimeoutHours,
            run is null ? null : !run.Options.Unsandboxed,
            InertText.LineOrNull(run?.HaltReason),
            run?.Pushed,
            run?.PrCreated,
            run?.PrUrl,
            InertText.LineOrNull(run?.NotPublished),
            new EnginePart(s.EngineAlive, s.EngineOwner),
            // Where the run was read from: ias's database, or `.run/`'s JSON files alone (the original tools' run, or ias.db gone).
            s.FromStateFiles ? "state_files" : run is null ? null : "ias_db",
            run is null ? null : new MetricsPart(run.FilesChanged, run.Commits, run.FindingsFixed),
            run is null ? null : new UsagePart(run.TokensIn, run.TokensOut, run.CostUsd),
            BudgetPart.Of(snap.Spend),
            BreakerPart.Of(s.Breaker),
            RatePart.Of(s.RateLimit, s.TimeToRateReset),
            PlanPart.Of(snap.Plan, snap.PlanSync),
            BugPart.Of(snap.Bug));
    }

    /// <summary>The document as `--json` prints it: indented, every field in its place.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, StatusJson.Default.StatusDocument);

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
