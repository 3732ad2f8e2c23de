using System.Text.Json;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Core.Safety;

/// <summary>`.run/circuit-breaker.json`, in the original Run Mode tools' format, for a <see cref="BreakerSnapshot"/>, plus the thresholds it was judged against.</summary>
internal static class BreakerJson
{
    // Run Mode's default trigger thresholds: the ones to assume when a file from the original tools has none.
    private const int DefaultSameIssue = 3;
    private const int DefaultNoProgress = 5;

    public static string Render(BreakerSnapshot b) => JsonText.Render(w => Write(w, b));

    public static void Write(Utf8JsonWriter w, BreakerSnapshot b)
    {
        w.WriteStartObject();
        w.WriteString("state", WireName.Of(b.State));

        w.WriteStartObject("triggers");
        w.WriteStartObject("same_issue");
        w.WriteNumber("count", b.SameIssueCount);
        JsonText.WriteNullable(w, "last_hash", b.LastHash);
        w.WriteEndObject();
        w.WriteStartObject("no_progress");
        w.WriteNumber("count", b.NoProgressCount);
        w.WriteEndObject();
        w.WriteStartObject("cycle_count");
        w.WriteNumber("current", b.CycleCurrent);
        w.WriteNumber("limit", b.CycleLimit);
        w.WriteEndObject();
        w.WriteStartObject("timeout");
        w.WriteString("started", IsoTime.ForFile(b.TimeoutStarted));
        w.WriteNumber("limit_hours", b.TimeoutLimitHours);
        w.WriteEndObject();
        w.WriteEndObject();

        JsonText.WriteObjects(w, "history"u8, b.History, static (w, trip) =>
        {
            JsonText.WriteNullable(w, "timestamp", trip.Timestamp is { } at ? IsoTime.ForFile(at) : null);
            w.WriteString("trigger", trip.Trigger.Wire);
            JsonText.WriteNullable(w, "hash", trip.Hash);
            w.WriteString("reason", trip.Reason);
        });

        w.WriteStartObject("thresholds");
        w.WriteNumber("same_issue", b.SameIssueThreshold);
        w.WriteNumber("no_progress", b.NoProgressThreshold);
        w.WriteEndObject();

        w.WriteEndObject();
    }

    /// <summary>The original tools' fields are required; a trip's hash and reason and the thresholds are optional so the original tools' files read.</summary>
    public static BreakerSnapshot Parse(FieldReader root)
    {
        // Read in the file's order so the first problem reported is the first one a reader meets.
        var state = root.Enum<BreakerState>("state");
        var triggers = root.Object("triggers");
        var sameIssue = triggers.Object("same_issue");
        var sameIssueCount = sameIssue.Int("count");
        var lastHash = sameIssue.NullableString("last_hash");
        var noProgressCount = triggers.Object("no_progress").Int("count");
        var cycleCount = triggers.Object("cycle_count");
        var cycleCurrent = cycleCount.Int("current");
        var cycleLimit = cycleCount.Int("limit");
        var timeout = triggers.Object("timeout");
        var timeoutStarted = timeout.Time("started");
        var timeoutLimitHours = timeout.Double("limit_hours");
        var history = root.Array("history").Select(t => new BreakerTrip(
            // The original tools' own example writes "..." for a time it leaves out; that and null read as not known.
            Timestamp: t.NullableString("timestamp") == "..." ? null : t.NullableTime("timestamp"),
            Trigger: TripCause.Parse(t.String("trigger")),
            Hash: t.OptionalString("hash"),
            Reason: t.Has("reason") ? t.String("reason") : "")).ToList();
        var thresholds = root.Has("thresholds") ? root.Object("thresholds") : (FieldReader?)null;

        return new BreakerSnapshot(
            state,
            sameIssueCount,
            lastHash,
            SameIssueThreshold: thresholds?.Int("same_issue") ?? DefaultSameIssue,
            noProgressCount,
            NoProgressThreshold: thresholds?.Int("no_progress") ?? DefaultNoProgress,
            cycleCurrent,
            cycleLimit,
            timeoutStarted,
            timeoutLimitHours,
            history);
    }
}
