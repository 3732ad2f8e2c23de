using System.Text.Json;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Records;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Core.Bugs;

/// <summary>`.run/bugs/&lt;bug_id&gt;/state.json` for a <see cref="BugRecord"/>: the original Run Mode tools' fields in their order, then ias's extras.</summary>
internal static class BugStateJson
{
    public const int SchemaVersion = 1;

    public static string Render(BugRecord bug) => JsonText.Render(w => Write(w, bug));

    private static void Write(Utf8JsonWriter w, BugRecord bug)
    {
        w.WriteStartObject();
        w.WriteNumber("schema_version", SchemaVersion);
        w.WriteString("bug_id", bug.BugId);
        w.WriteString("bug_title", bug.BugTitle);
        w.WriteString("sprint_id", bug.SprintId);
        w.WriteString("state", WireName.Of(bug.State));
        w.WriteString("mode", bug.Mode);
        w.WriteString("created_at", IsoTime.ForFile(bug.CreatedAt));
        w.WriteString("updated_at", IsoTime.ForFile(bug.UpdatedAt));

        w.WriteStartObject("circuit_breaker");
        w.WriteNumber("cycle_count", bug.CycleCount);
        w.WriteNumber("same_issue_count", bug.SameIssueCount);
        w.WriteNumber("no_progress_count", bug.NoProgressCount);
        JsonText.WriteNullable(w, "last_finding_hash", bug.LastFindingHash);
        w.WriteEndObject();

        w.WriteStartObject("confidence");
        w.WriteString("reproduction_strength", bug.Confidence.ReproductionStrength);
        w.WriteString("test_type", bug.Confidence.TestType);
        w.WriteString("risk_level", bug.Confidence.RiskLevel);
        w.WriteNumber("files_changed", bug.Confidence.FilesChanged);
        w.WriteNumber("lines_changed", bug.Confidence.LinesChanged);
        w.WriteEndObject();

        w.WriteString("branch", bug.Branch);
        w.WritePropertyName("options");
        StateJson.WriteOptions(w, bug.Options);
        JsonText.WriteStrings(w, "suspected_files"u8, bug.SuspectedFiles);
        JsonText.WriteStrings(w, "high_risk_files"u8, bug.HighRiskFiles);
        w.WriteBoolean("allow_high", bug.AllowHigh);
        if (bug.Issue is { } issue)
        {
            w.WriteNumber("issue", issue);
        }
        else
        {
            w.WriteNull("issue");
        }

        JsonText.WriteNullable(w, "run_id", bug.RunId);
        JsonText.WriteNullable(w, "halt_reason", bug.HaltReason);
        JsonText.WriteNullable(w, "pr_url", bug.PrUrl);
        w.WriteEndObject();
    }

    public static BugRecord Parse(FieldReader root)
    {
        var version = root.Int("schema_version");
        if (version != SchemaVersion)
        {
            throw new SchemaException($"schema_version {version} is not one ias reads (expected {SchemaVersion})");
        }

        var breaker = root.Object("circuit_breaker");
        var confidence = root.Object("confidence");
        return new BugRecord(
            root.String("bug_id"),
            root.String("bug_title"),
            root.String("sprint_id"),
            root.Enum<BugState>("state"),
            root.Time("created_at"),
            root.Time("updated_at"),
            breaker.Int("cycle_count"),
            breaker.Int("same_issue_count"),
            breaker.Int("no_progress_count"),
            breaker.NullableString("last_finding_hash"),
            new BugConfidence(
                confidence.String("reproduction_strength"),
                confidence.String("test_type"),
                confidence.String("risk_level"),
                confidence.Int("files_changed"),
                confidence.Int("lines_changed")),
            root.Has("branch") ? root.String("branch") : "",
            root.Has("options") ? StateJson.ReadOptions(root.Object("options")) : new RunOptions(10, 2),
            root.Has("suspected_files") ? root.Strings("suspected_files") : [],
            root.Has("high_risk_files") ? root.Strings("high_risk_files") : [],
            root.Flag("allow_high"),
            root.Has("issue") ? root.NullableInt("issue") : null,
            root.OptionalString("run_id"),
            root.OptionalString("halt_reason"),
            root.OptionalString("pr_url"))
        {
            Mode = root.OptionalString("mode") is BugRecord.Interactive ? BugRecord.Interactive : BugRecord.Autonomous,
        };
    }
}
