using Ias.Core.Jobs.Records;
using Ias.Core.StateMachines;

namespace Ias.Core.Tests.Jobs;

public sealed class JobStateMachineTests
{
    [Theory]
    [InlineData(JobState.Pending, JobTrigger.Claim, true, JobState.Running)]
    [InlineData(JobState.Running, JobTrigger.Heartbeat, true, JobState.Running)]
    [InlineData(JobState.Running, JobTrigger.Complete, true, JobState.Done)]
    [InlineData(JobState.Running, JobTrigger.Retry, true, JobState.Pending)]
    [InlineData(JobState.Running, JobTrigger.Park, true, JobState.Pending)]
    [InlineData(JobState.Running, JobTrigger.Fail, true, JobState.Failed)]
    [InlineData(JobState.Running, JobTrigger.Ask, true, JobState.Blocked)]
    [InlineData(JobState.Running, JobTrigger.LeaseExpired, true, JobState.Pending)]
    [InlineData(JobState.Running, JobTrigger.LeaseExpired, false, JobState.Failed)]
    [InlineData(JobState.Running, JobTrigger.Recover, true, JobState.Pending)]
    [InlineData(JobState.Running, JobTrigger.Recover, false, JobState.Failed)]
    [InlineData(JobState.Blocked, JobTrigger.Resume, true, JobState.Running)]
    [InlineData(JobState.Blocked, JobTrigger.Unanswered, true, JobState.Failed)]
    [InlineData(JobState.Failed, JobTrigger.RetryFailed, true, JobState.Pending)]
    public void Each_move_of_the_job_table_lands_where_the_table_says(JobState from, JobTrigger trigger, bool attemptLeft, JobState to) =>
        Assert.Equal(to, JobStateMachine.Next(from, trigger, attemptLeft));

    [Fact]
    public void A_move_the_state_does_not_permit_is_refused_naming_the_machine_the_state_and_the_trigger()
    {
        var refused = Assert.Throws<InvalidTransitionException>(() => JobStateMachine.Next(JobState.Failed, JobTrigger.Complete));

        Assert.Equal("job: trigger COMPLETE is not permitted in state FAILED (permitted: RETRY_FAILED)", refused.Message);
    }

    [Fact]
    public void A_done_job_is_an_end()
    {
        var refused = Assert.Throws<InvalidTransitionException>(() => JobStateMachine.Next(JobState.Done, JobTrigger.RetryFailed));

        Assert.EndsWith("(a final state)", refused.Message, StringComparison.Ordinal);
    }
}
