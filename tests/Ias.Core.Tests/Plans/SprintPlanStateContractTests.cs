using System.Text.Json;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Plans;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Plans;

/// <summary>`.run/sprint-plan-state.json` holds every field of the original Run Mode tools' example, with its types, names and order, and reads back.</summary>
public sealed class SprintPlanStateContractTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 28, 9, 0, 0, TimeSpan.Zero);

    private static SprintPlanState Sample() => new(
        "plan-20260128-abc123",
        RunState.Running,
        [
            new PlanSprint("sprint-1", PlanSprintStatus.Completed, 2, "run-1", "feature/sprint-plan-20260128-090000", 2, 20),
            new PlanSprint("sprint-2", PlanSprintStatus.Completed, 3, "run-2", "feature/sprint-plan-20260128-090000", 3, 15),
            new PlanSprint("sprint-3", PlanSprintStatus.InProgress, 1, "run-3", "feature/sprint-plan-20260128-090000", 1, 10),
            new PlanSprint("sprint-4", PlanSprintStatus.Pending),
        ],
        "sprint-3",
        new PlanOptions(1, 4, new(20, 8, ConfirmPush: true, Agent: "sim"), Consolidate: true),
        "feature/sprint-plan-20260128-090000",
        Start,
        Start.AddMinutes(42),
        HaltReason: "halted by user",
        PrUrl: "https://github.com/acme/demo/pull/7");

    [Fact]
    public void Sprint_plan_state_json_has_every_field_of_the_002_example_with_its_type()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);

        SprintPlanStateFile.Write(paths, Sample());

        JsonShape.Assert(SpecExamples.SprintPlanState, File.ReadAllText(paths.SprintPlanState));
    }

    [Fact]
    public void The_002_fields_come_first_in_002s_order_with_002s_values_and_a_pending_sprint_has_no_cycles()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        SprintPlanStateFile.Write(paths, Sample());
        using var doc = JsonDocument.Parse(File.ReadAllText(paths.SprintPlanState));
        var root = doc.RootElement;

        Assert.Equal(["plan_id", "target", "state", "sprints", "options", "metrics"], Names(root).Take(6));
        Assert.Equal(["total", "completed", "current", "list"], Names(root.GetProperty("sprints")));
        Assert.Equal(["from", "to", "max_cycles"], Names(root.GetProperty("options")).Take(3));
        Assert.Equal(["total_cycles", "total_files_changed"], Names(root.GetProperty("metrics")));
        Assert.Equal("sprint-plan", root.GetProperty("target").GetString());
        var sprints = root.GetProperty("sprints");
        Assert.Equal(4, sprints.GetProperty("total").GetInt32());
        Assert.Equal(2, sprints.GetProperty("completed").GetInt32());
        Assert.Equal(["completed", "completed", "in_progress", "pending"], sprints.GetProperty("list").EnumerateArray().Select(s => s.GetProperty("status").GetString()));
        Assert.Equal(["id", "status"], Names(sprints.GetProperty("list")[3]));
        Assert.Equal(["id", "status", "cycles"], Names(sprints.GetProperty("list")[0]).Take(3));
        Assert.Equal(6, root.GetProperty("metrics").GetProperty("total_cycles").GetInt32());
        Assert.Equal(45, root.GetProperty("metrics").GetProperty("total_files_changed").GetInt32());
    }

    [Fact]
    public void A_written_plan_reads_back_field_for_field()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        var plan = Sample();

        SprintPlanStateFile.Write(paths, plan);
        var back = SprintPlanStateFile.Read(paths)!;

        Assert.Equal(plan with { Sprints = [] }, back with { Sprints = [] });
        Assert.Equal(plan.Sprints, back.Sprints);
    }

    [Fact]
    public void Allow_high_is_written_only_when_given_and_reads_back()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        var plan = Sample() with { Options = Sample().Options with { Run = Sample().Options.Run with { AllowHigh = true } } };

        SprintPlanStateFile.Write(paths, plan);

        using var doc = JsonDocument.Parse(File.ReadAllText(paths.SprintPlanState));
        Assert.True(doc.RootElement.GetProperty("options").GetProperty("allow_high").GetBoolean());
        Assert.True(SprintPlanStateFile.Read(paths)!.Options.Run.AllowHigh);
    }

    [Fact]
    public void The_002_example_itself_reads_with_the_defaults_for_ias_extras()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        Directory.CreateDirectory(paths.RunDir);
        File.WriteAllText(paths.SprintPlanState, SpecExamples.SprintPlanState);

        var plan = SprintPlanStateFile.Read(paths)!;

        Assert.Equal(RunState.Running, plan.State);
        Assert.Equal("sprint-3", plan.Current);
        Assert.Equal(2, plan.Completed);
        Assert.Null(plan.Sprints[3].Cycles);
        Assert.True(plan.Options.Consolidate);
        Assert.True(plan.Resumable);
    }

    [Fact]
    public void A_corrupt_plan_file_is_reported_with_its_path_and_field()
    {
        using var dir = new TempDir();
        var paths = new RunPaths(dir.Path);
        Directory.CreateDirectory(paths.RunDir);
        File.WriteAllText(paths.SprintPlanState, SpecExamples.SprintPlanState.Replace("\"in_progress\"", "\"busy\"", StringComparison.Ordinal));

        var ex = Assert.Throws<StateFileException>(() => SprintPlanStateFile.Read(paths));

        Assert.StartsWith(".run/sprint-plan-state.json: sprints.list status must be pending, in_progress or completed (got \"busy\")", ex.Message);
    }

    private static List<string> Names(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToList();
}
