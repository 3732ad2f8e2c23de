using System.Text.Json;
using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Core.Cycles.Records;

/// <summary>`.run/state.json` for a <see cref="RunSnapshot"/>: the original Run Mode tools' fields, then ias's extras.</summary>
internal static class StateJson
{
    public static string Render(RunSnapshot run) => JsonText.Render(w => Write(w, run));

    public static void Write(Utf8JsonWriter w, RunSnapshot run)
    {
        w.WriteStartObject();
        w.WriteString("run_id", run.RunId);
        w.WriteString("target", run.Target);
        w.WriteString("branch", run.Branch);
        w.WriteString("state", WireName.Of(run.State));
        w.WriteString("phase", WireName.Of(run.Phase));

        w.WriteStartObject("timestamps");
        w.WriteString("started", IsoTime.ForFile(run.Started));
        w.WriteString("last_activity", IsoTime.ForFile(run.LastActivity));
        w.WriteEndObject();

        w.WriteStartObject("cycles");
        w.WriteNumber("current", run.CycleCurrent);
        w.WriteNumber("limit", run.CycleLimit);
        w.WritePropertyName("history");
        WriteHistory(w, run.CycleHistory);
        w.WriteEndObject();

        w.WriteStartObject("metrics");
        w.WriteNumber("files_changed", run.FilesChanged);
        w.WriteNumber("commits", run.Commits);
        w.WriteNumber("findings_fixed", run.FindingsFixed);
        w.WriteEndObject();

        w.WritePropertyName("options");
        WriteOptions(w, run.Options);
        JsonText.WriteNullable(w, "halt_reason", run.HaltReason);
        JsonText.WriteNullable(w, "resume_phase", run.ResumePhase is { } p ? WireName.Of(p) : null);

        w.WriteStartObject("usage");
        w.WriteNumber("tokens_in", run.TokensIn);
        w.WriteNumber("tokens_out", run.TokensOut);
        w.WriteNumber("cost_usd", run.CostUsd);
        w.WriteEndObject();

        // What completion (or a halt) did with the branch.
        w.WriteBoolean("pushed", run.Pushed);
        w.WriteBoolean("pr_created", run.PrCreated);
        JsonText.WriteNullable(w, "pr_url", run.PrUrl);
        if (run.NotPublished is { } notPublished)
        {
            w.WriteString("not_published", notPublished);
        }

        // The red-team gate's own counter (002), once the gate has been reached.
        if (run.RedTeamCode is { } redTeam)
        {
            w.WritePropertyName("red_team_code");
            redTeam.Write(w);
        }

        w.WriteEndObject();
    }

    /// <summary>Reads the original tools' fields strictly; ias's extras are optional so a state.json from the original tools still reads.</summary>
    public static RunSnapshot Parse(FieldReader root)
    {
        // Read in the file's order so the first problem reported is the first one a reader meets.
        var runId = root.String("run_id");
        var target = root.String("target");
        var branch = root.String("branch");
        var state = root.Enum<RunState>("state");
        var phase = root.Enum<Phase>("phase");
        var timestamps = root.Object("timestamps");
        var started = timestamps.Time("started");
        var lastActivity = timestamps.Time("last_activity");
        var cycles = root.Object("cycles");
        var cycleCurrent = cycles.Int("current");
        var cycleLimit = cycles.Int("limit");
        var history = ReadHistory(cycles.Array("history"));
        var metrics = root.Object("metrics");
        var filesChanged = metrics.Int("files_changed");
        var commits = metrics.Int("commits");
        var findingsFixed = metrics.Int("findings_fixed");
        // Run Mode's default timeout (8 hours) and the file's own cycle limit when options are absent.
        var options = root.Has("options") ? ReadOptions(root.Object("options")) : new RunOptions(cycleLimit, 8);
        var haltReason = root.OptionalString("halt_reason");
        var resumePhase = root.Has("resume_phase") ? root.NullableEnum<Phase>("resume_phase") : null;
        var usage = root.Has("usage") ? root.Object("usage") : (FieldReader?)null;
        var pushed = root.Flag("pushed");
        var prCreated = root.Flag("pr_created");
        var prUrl = root.OptionalString("pr_url");
        var notPublished = root.OptionalString("not_published");
        var redTeam = root.Has("red_team_code") ? RedTeamCodeState.Read(root.Object("red_team_code")) : null;

        return new RunSnapshot(
            runId,
            target,
            branch,
            state,
            phase,
            started,
            lastActivity,
            cycleCurrent,
            cycleLimit,
            history,
            filesChanged,
            commits,
            findingsFixed,
            options,
            haltReason,
            resumePhase,
            TokensIn: usage?.Long("tokens_in") ?? 0,
            TokensOut: usage?.Long("tokens_out") ?? 0,
            CostUsd: usage?.Decimal("cost_usd") ?? 0m,
            Pushed: pushed,
            PrCreated: prCreated,
            PrUrl: prUrl,
            RedTeamCode: redTeam,
            NotPublished: notPublished);
    }

    public static void WriteHistory(Utf8JsonWriter w, IReadOnlyList<CycleEntry> history) =>
        JsonText.WriteObjects(w, history, static (w, entry) =>
        {
            w.WriteNumber("cycle", entry.Cycle);
            w.WriteString("phase", WireName.Of(entry.Phase));
            w.WriteNumber("findings", entry.Findings);
        });

    public static IReadOnlyList<CycleEntry> ReadHistory(IReadOnlyList<FieldReader> items) =>
        items.Select(e => new CycleEntry(e.Int("cycle"), e.Enum<Phase>("phase"), e.Int("findings"))).ToList();

    public static void WriteOptions(Utf8JsonWriter w, RunOptions o)
    {
        w.WriteStartObject();
        w.WriteNumber("max_cycles", o.MaxCycles);
        w.WriteNumber("timeout_hours", o.TimeoutHours);
        w.WriteBoolean("dry_run", o.DryRun);
        w.WriteBoolean("local", o.Local);
        w.WriteBoolean("confirm_push", o.ConfirmPush);
        JsonText.WriteNullable(w, "agent", o.Agent);

        // Written only when off, so a boxed run's state.json keeps the documented schema.
        if (o.Unsandboxed)
        {
            w.WriteBoolean("sandbox", false);
        }

        // Likewise written only when given, so a run without --allow-high keeps the documented schema.
        if (o.AllowHigh)
        {
            w.WriteBoolean("allow_high", true);
        }

        w.WriteEndObject();
    }

    public static RunOptions ReadOptions(FieldReader o) => new(
        MaxCycles: o.Int("max_cycles"),
        TimeoutHours: o.Double("timeout_hours"),
        DryRun: o.Bool("dry_run"),
        Local: o.Bool("local"),
        ConfirmPush: o.Bool("confirm_push"),
        Agent: o.NullableString("agent"),
        Unsandboxed: o.Has("sandbox") && !o.Bool("sandbox"),
        AllowHigh: o.Flag("allow_high"));
}
