using Ias.Core.Cycles.Inputs;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Cycles;

public sealed class SprintLedgerTests
{
    [Fact]
    public void Only_the_active_cycles_sprints_count_by_their_global_number_and_completed_ones_are_marked()
    {
        using var dir = new TempDir();
        Write(dir, SprintLedger.Path, """
            {"active_cycle": "cycle-002", "cycles": [
              {"id": "cycle-001", "sprints": [{"global_id": 1, "local_label": "sprint-1", "status": "completed"}]},
              {"id": "cycle-002", "label": "Greetings", "sprints": [
                {"global_id": 2, "local_label": "sprint-1", "status": "completed"},
                {"global_id": 3, "local_label": "sprint-2", "status": "planned"}]}]}
            """);
        Write(dir, "grimoires/loa/a2a/sprint-3/sprint.md", "## Sprint 3\n\n- Task 3.1\n");

        var plan = SprintPlan.Discover(dir.Path, "grimoires/loa/sprint.md");

        Assert.Equal("grimoires/loa/ledger.json (cycle cycle-002)", plan.Source);
        Assert.Equal([2, 3], plan.Numbers.Order());
        Assert.True(plan.MarkedCompleted(2));
        Assert.False(plan.MarkedCompleted(3));
        Assert.Equal("## Sprint 3\n\n- Task 3.1", plan.Section(3));
        Assert.Equal("grimoires/loa/a2a/sprint-3/sprint.md", plan.Scanned(3)!.Name);
        Assert.StartsWith("## Sprint 2 (sprint-1 of cycle cycle-002: Greetings)\n\nNo plan text was written for this sprint", plan.Section(2));
    }

    [Fact]
    public void A_ledger_without_an_active_cycle_gives_way_to_the_a2a_folders()
    {
        using var dir = new TempDir();
        Write(dir, SprintLedger.Path, """{"active_cycle": null, "cycles": []}""");
        Write(dir, "grimoires/loa/a2a/sprint-2/engineer-feedback.md", "# Review\n");
        Write(dir, "grimoires/loa/a2a/bug-20260101-abcdef/triage.md", "# Triage\n");

        var plan = SprintPlan.Discover(dir.Path, "grimoires/loa/sprint.md");

        Assert.Equal("the grimoires/loa/a2a/sprint-N folders", plan.Source);
        Assert.Equal([2], plan.Numbers);
        Assert.Contains("its folder holds engineer-feedback.md", plan.Section(2));
    }

    [Fact]
    public void A_plan_file_with_sprints_is_read_before_a_malformed_ledger_is_even_looked_at()
    {
        using var dir = new TempDir();
        Write(dir, "grimoires/loa/sprint.md", "## Sprint 1\n- Task\n");
        Write(dir, SprintLedger.Path, "{ not json");

        var plan = SprintPlan.Discover(dir.Path, "grimoires/loa/sprint.md");

        Assert.Equal("grimoires/loa/sprint.md", plan.Source);
        Assert.Equal([1], plan.Numbers);
    }

    private static void Write(TempDir dir, string path, string text)
    {
        var full = dir.Combine(path.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
