using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Plans;
using static Ias.Core.Tests.Support.Samples;

namespace Ias.Core.Tests.Plans;

/// <summary>Which run validates a consolidated plan's draft PR, as a resume and the git-aware sync must tell it.</summary>
public sealed class PlanPostPrTests
{
    [Theory]
    [InlineData(RunState.Complete, Phase.Audit, null, true)]
    [InlineData(RunState.Running, Phase.PostPrAudit, null, true)]
    [InlineData(RunState.Halted, Phase.E2eTesting, null, true)]
    [InlineData(RunState.Running, Phase.RateLimited, Phase.PostPrFix, true)]
    [InlineData(RunState.Running, Phase.Review, null, false)]
    [InlineData(RunState.Halted, Phase.Implement, null, false)]
    [InlineData(RunState.JackedOut, Phase.Audit, null, false)]
    [InlineData(RunState.ReadyForHitl, Phase.E2eTesting, null, false)]
    public void The_last_sprints_run_validates_the_plan_pr_while_it_waits_for_it_or_is_in_its_checks(RunState state, Phase phase, Phase? resume, bool validating)
    {
        var run = Run("run-b") with { Target = "sprint-2", State = state, Phase = phase, ResumePhase = resume };

        Assert.Equal(validating, Plan(PlanSprintStatus.Completed).ValidatedBy(run));
    }

    [Fact]
    public void A_plan_with_a_sprint_still_to_run_or_of_one_pr_per_sprint_has_no_validating_run()
    {
        var run = Run("run-b") with { Target = "sprint-2", State = RunState.Running, Phase = Phase.PostPrAudit };

        Assert.False(Plan(PlanSprintStatus.InProgress).ValidatedBy(run));
        Assert.False((Plan(PlanSprintStatus.Completed) with { Options = new PlanOptions(1, 2, new(20, 8), Consolidate: false) }).ValidatedBy(run));
        Assert.False(Plan(PlanSprintStatus.Completed).ValidatedBy(run with { RunId = "run-of-another-plan" }));
        Assert.False(Plan(PlanSprintStatus.Completed).ValidatedBy(null));
    }

    [Fact]
    public void A_plan_in_post_pr_validation_or_waiting_to_publish_is_resumed_and_one_ready_for_hitl_is_not()
    {
        Assert.True((Plan(PlanSprintStatus.Completed) with { State = RunState.Complete }).Resumable);
        Assert.True(Plan(PlanSprintStatus.Completed).Resumable);
        Assert.False((Plan(PlanSprintStatus.Completed) with { State = RunState.ReadyForHitl }).Resumable);
    }

    private static SprintPlanState Plan(PlanSprintStatus second) => new(
        "plan-1",
        RunState.Running,
        [
            new PlanSprint("sprint-1", PlanSprintStatus.Completed, 2, "run-a", "feature/p", 3, 2),
            new PlanSprint("sprint-2", second, 2, "run-b", "feature/p", 3, 2),
        ],
        null,
        new PlanOptions(1, 2, new(20, 8)),
        "feature/p",
        Start,
        Start);
}
