using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Plans;
using Ias.Core.StateMachines;

namespace Ias.Core.Tests.Plans;

public sealed class PlanStateMachineTests
{
    [Theory]
    [InlineData(RunState.Running, PlanTrigger.Halt, RunState.Halted)]
    [InlineData(RunState.Running, PlanTrigger.AllSprintsDone, RunState.Complete)]
    [InlineData(RunState.Running, PlanTrigger.GitInferred, RunState.JackedOut)]
    [InlineData(RunState.Running, PlanTrigger.Resume, RunState.Running)]
    [InlineData(RunState.Halted, PlanTrigger.Resume, RunState.Running)]
    [InlineData(RunState.Halted, PlanTrigger.JackOut, RunState.JackedOut)]
    [InlineData(RunState.Complete, PlanTrigger.Published, RunState.JackedOut)]
    [InlineData(RunState.Complete, PlanTrigger.Validate, RunState.Running)]
    [InlineData(RunState.Running, PlanTrigger.Validated, RunState.ReadyForHitl)]
    [InlineData(RunState.Complete, PlanTrigger.Validated, RunState.ReadyForHitl)]
    public void Each_move_of_the_plan_table_lands_where_the_table_says(RunState from, PlanTrigger trigger, RunState to) =>
        Assert.Equal(to, PlanStateMachine.Next(from, trigger));

    [Fact]
    public void A_plan_that_is_not_halted_cannot_be_jacked_out()
    {
        var refused = Assert.Throws<InvalidTransitionException>(() => PlanStateMachine.Next(RunState.Complete, PlanTrigger.JackOut));

        Assert.Equal("plan: trigger JACK_OUT is not permitted in state COMPLETE (permitted: PUBLISHED, VALIDATE, VALIDATED)", refused.Message);
    }

    [Theory]
    [InlineData(RunState.Running, PlanTrigger.Validate)]
    [InlineData(RunState.Halted, PlanTrigger.Validate)]
    [InlineData(RunState.Halted, PlanTrigger.Validated)]
    [InlineData(RunState.ReadyForHitl, PlanTrigger.Resume)]
    [InlineData(RunState.ReadyForHitl, PlanTrigger.Halt)]
    [InlineData(RunState.JackedOut, PlanTrigger.Validate)]
    public void Post_pr_validation_starts_only_from_a_published_plan_and_a_plan_ready_for_hitl_is_an_end(RunState from, PlanTrigger trigger)
    {
        var refused = Assert.Throws<InvalidTransitionException>(() => PlanStateMachine.Next(from, trigger));

        Assert.Equal("plan", refused.Machine);
    }
}
