using Ias.Core.Cycles;
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
    public void Each_move_of_the_plan_table_lands_where_the_table_says(RunState from, PlanTrigger trigger, RunState to) =>
        Assert.Equal(to, PlanStateMachine.Next(from, trigger));

    [Fact]
    public void A_plan_that_is_not_halted_cannot_be_jacked_out()
    {
        var refused = Assert.Throws<InvalidTransitionException>(() => PlanStateMachine.Next(RunState.Complete, PlanTrigger.JackOut));

        Assert.Equal("plan: trigger JACK_OUT is not permitted in state COMPLETE (permitted: PUBLISHED)", refused.Message);
    }
}
