using System.Text.Json;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.StateMachines;
using Ias.Core.Storage;

namespace Ias.Core.Plans;

/// <summary>`.run/sprint-plan-state.json` for a <see cref="SprintPlanState"/>: the original Run Mode tools' fields in their order, then ias's extras.</summary>
internal static class SprintPlanStateJson
{
    public static string Render(SprintPlanState plan) => JsonText.Render(w => Write(w, plan));

    private static void Write(Utf8JsonWriter w, SprintPlanState plan)
    {
        w.WriteStartObject();
        w.WriteString("plan_id", plan.PlanId);
        w.WriteString("target", SprintPlanState.Target);
        w.WriteString("state", WireName.Of(plan.State));

        w.WriteStartObject("sprints");
        w.WriteNumber("total", plan.Sprints.Count);
        w.WriteNumber("completed", plan.Completed);
        JsonText.WriteNullable(w, "current", plan.Current);
        JsonText.WriteObjects(w, "list"u8, plan.Sprints, static (w, s) =>
        {
            w.WriteString("id", s.Id);
            w.WriteString("status", Status(s.Status));
            // The original format gives a pending sprint no cycle count; the others carry it and the run that did the work.
            if (s.Status != PlanSprintStatus.Pending)
            {
                w.WriteNumber("cycles", s.Cycles ?? 0);
                JsonText.WriteNullable(w, "run_id", s.RunId);
                JsonText.WriteNullable(w, "branch", s.Branch);
                w.WriteNumber("commits", s.Commits);
                w.WriteNumber("files_changed", s.FilesChanged);
                w.WriteBoolean("skipped", s.Skipped);
            }
        });
        w.WriteEndObject();

        w.WriteStartObject("options");
        w.WriteNumber("from", plan.Options.From);
        w.WriteNumber("to", plan.Options.To);
        w.WriteNumber("max_cycles", plan.Options.Run.MaxCycles);
        w.WriteNumber("timeout_hours", plan.Options.Run.TimeoutHours);
        w.WriteBoolean("consolidate", plan.Options.Consolidate);
        w.WriteBoolean("local", plan.Options.Run.Local);
        w.WriteBoolean("confirm_push", plan.Options.Run.ConfirmPush);
        JsonText.WriteNullable(w, "agent", plan.Options.Run.Agent);

        // Written only when given, so a plan without --allow-high keeps the documented schema.
        if (plan.Options.Run.AllowHigh)
        {
            w.WriteBoolean("allow_high", true);
        }

        w.WriteEndObject();

        w.WriteStartObject("metrics");
        w.WriteNumber("total_cycles", plan.TotalCycles);
        w.WriteNumber("total_files_changed", plan.TotalFilesChanged);
        w.WriteEndObject();

        w.WriteString("branch", plan.Branch);
        w.WriteString("started", IsoTime.ForFile(plan.Started));
        w.WriteString("updated", IsoTime.ForFile(plan.Updated));
        JsonText.WriteNullable(w, "halt_reason", plan.HaltReason);
        JsonText.WriteNullable(w, "pr_url", plan.PrUrl);
        w.WriteEndObject();
    }

    /// <summary>The original tools' fields are required; ias's extras are optional, so a file from the original tools reads too.</summary>
    public static SprintPlanState Parse(FieldReader root)
    {
        var id = root.String("plan_id");
        var state = root.Enum<RunState>("state");
        var sprints = root.Object("sprints");
        var current = sprints.OptionalString("current");
        var list = sprints.Array("list").Select(s => new PlanSprint(
            s.String("id"),
            ParseStatus(s.String("status")),
            s.Has("cycles") ? s.Int("cycles") : null,
            s.OptionalString("run_id"),
            s.OptionalString("branch"),
            s.Has("commits") ? s.Int("commits") : 0,
            s.Has("files_changed") ? s.Int("files_changed") : 0,
            s.Flag("skipped"))).ToList();
        var o = root.Object("options");
        var run = new RunOptions(
            o.Int("max_cycles"),
            o.Has("timeout_hours") ? o.Double("timeout_hours") : 8,
            Local: o.Flag("local"),
            ConfirmPush: o.Flag("confirm_push"),
            Agent: o.OptionalString("agent"),
            AllowHigh: o.Flag("allow_high"));
        var options = new PlanOptions(o.Int("from"), o.Int("to"), run, !o.Has("consolidate") || o.Bool("consolidate"));
        var started = root.Has("started") ? root.Time("started") : DateTimeOffset.UnixEpoch;
        return new SprintPlanState(
            id,
            state,
            list,
            current,
            options,
            root.Has("branch") ? root.String("branch") : "",
            started,
            root.Has("updated") ? root.Time("updated") : started,
            root.OptionalString("halt_reason"),
            root.OptionalString("pr_url"));
    }

    private static string Status(PlanSprintStatus s) => WireName.Of(s).ToLowerInvariant();

    private static PlanSprintStatus ParseStatus(string text) =>
        WireName.TryParse<PlanSprintStatus>(text.ToUpperInvariant(), out var s)
            ? s
            : throw new SchemaException($"sprints.list status must be pending, in_progress or completed (got \"{text}\")");
}
