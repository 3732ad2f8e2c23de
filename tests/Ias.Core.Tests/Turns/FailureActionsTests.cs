using Ias.Core.Agents;
using Ias.Core.Turns;

namespace Ias.Core.Tests.Turns;

public sealed class FailureActionsTests
{
    /// <summary>Every failure class, the action it maps to, whether another attempt may end differently, and its attempts where a phase gives 3.</summary>
    public static TheoryData<FailureClass, TurnAction, bool, int> Table => new()
    {
        { FailureClass.None, TurnAction.Done, false, 3 },
        { FailureClass.UsageLimit, TurnAction.Park, false, 3 },
        { FailureClass.Auth, TurnAction.Halt, false, 3 },
        { FailureClass.Network, TurnAction.WaitThenRetry, true, 3 },
        { FailureClass.Crash, TurnAction.Retry, true, 2 },
        { FailureClass.Timeout, TurnAction.Retry, true, 3 },
        { FailureClass.Garbage, TurnAction.Retry, true, 3 },
        { FailureClass.Unknown, TurnAction.Retry, true, 3 },
        { FailureClass.Billing, TurnAction.Halt, false, 3 },
        { FailureClass.Transient, TurnAction.RetryWithBackoff, true, 5 },
        { FailureClass.Incomplete, TurnAction.EndIncomplete, false, 3 },
        { FailureClass.ConfigError, TurnAction.Halt, false, 3 },
        { FailureClass.Breach, TurnAction.Halt, false, 3 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_failure_class_maps_to_its_action_its_retry_and_its_attempts(FailureClass failure, TurnAction action, bool retries, int attempts)
    {
        Assert.Equal(action, FailureActions.Of(failure));
        Assert.Equal(retries, FailureActions.Retries(failure));
        Assert.Equal(attempts, FailureActions.Attempts(failure, phaseAttempts: 3));
    }

    [Fact]
    public void The_table_names_every_failure_class_so_a_new_one_gets_its_action_chosen_on_purpose()
    {
        var named = Table.Select(row => (FailureClass)row[0]).ToHashSet();

        Assert.Equal(Enum.GetValues<FailureClass>().ToHashSet(), named);
    }

    [Theory]
    [InlineData(FailureClass.None, TurnAction.Retry)]
    [InlineData(FailureClass.Auth, TurnAction.Halt)]
    [InlineData(FailureClass.UsageLimit, TurnAction.Park)]
    public void A_turn_that_did_not_succeed_never_reads_as_done_even_without_a_class(FailureClass failure, TurnAction action)
    {
        var response = new AgentResponse(false, failure, "", 1, 0, 0, 0, 0m, null, false, null, "failed");

        Assert.Equal(action, TurnResult.Of(response).Action);
    }

    [Fact]
    public void A_successful_turn_is_done_and_a_refused_one_halts_with_its_reason()
    {
        var ok = new AgentResponse(true, FailureClass.None, "done", 0, 1, 1, 1, 0m, null, false, null, "");

        Assert.Equal(TurnAction.Done, TurnResult.Of(ok).Action);
        var refused = TurnResult.Refused("no hook");
        Assert.Equal((TurnAction.Halt, "no hook", (AgentResponse?)null), (refused.Action, refused.Refusal, refused.Response));
    }
}
