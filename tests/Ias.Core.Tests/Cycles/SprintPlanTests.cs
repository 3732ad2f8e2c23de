using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;

namespace Ias.Core.Tests.Cycles;

public sealed class SprintPlanTests
{
    /// <summary>An ordinary plan: its sprints, a sub-heading and an appendix (the injection detector scores it 0).</summary>
    internal const string Plan = """
        # Plan

        ## Sprint 1: login
        - Task 1.1

        ### Notes
        kept with sprint 1

        ## Sprint 2
        - Task 2.1

        ## Appendix
        not a sprint
        """;

    [Fact]
    public void Each_sprint_heading_starts_a_section_that_runs_to_the_next_level_two_heading()
    {
        var plan = SprintPlan.Parse("plan.md", Plan);

        Assert.Equal([1, 2], plan.Numbers.Order());
        Assert.Contains("kept with sprint 1", plan.Section(1));
        Assert.DoesNotContain("Task 2.1", plan.Section(1));
        Assert.DoesNotContain("not a sprint", plan.Section(2));
        Assert.Null(plan.Section(3));
    }

    [Fact]
    public void Each_section_knows_the_line_of_the_file_its_heading_is_on()
    {
        var plan = SprintPlan.Parse("plan.md", Plan.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal((3, 9), (plan.LineOf(1), plan.LineOf(2)));
    }

    [Theory]
    [InlineData("sprint-1", 1)]
    [InlineData("sprint-12", 12)]
    [InlineData("sprint-x", null)]
    [InlineData("Sprint 1", null)]
    public void Targets_are_sprint_dash_number(string target, int? number)
    {
        Assert.Equal(number, SprintPlan.NumberOf(target));
    }

    [Fact]
    public void A_plan_over_its_size_limit_is_refused_before_it_is_read()
    {
        using var dir = new Ias.Core.Tests.Support.TempDir();
        var path = dir.Combine("sprint.md");
        File.WriteAllBytes(path, new byte[(2 * 1024 * 1024) + 10]);

        var ex = Assert.Throws<RunModeException>(() => SprintPlan.Load(path));

        Assert.StartsWith($"sprint plan {path} is 2 MB, over the 1 MB limit; split it into shorter plans", ex.Message);
    }
}
