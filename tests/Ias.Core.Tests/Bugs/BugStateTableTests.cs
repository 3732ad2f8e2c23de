using Ias.Core.Bugs;
using Ias.Core.StateMachines;

namespace Ias.Core.Tests.Bugs;

/// <summary>
/// The bug run table holds exactly the original tools' allowed state transitions, then the post-PR validation of the bug's
/// draft PR, and refuses every other one.
/// </summary>
public sealed class BugStateTableTests
{
    [Theory]
    [InlineData("TRIAGE", "TRIAGE_COMPLETE", "IMPLEMENTING")]
    [InlineData("IMPLEMENTING", "IMPLEMENTED", "REVIEWING")]
    [InlineData("REVIEWING", "REVIEW_FINDINGS", "IMPLEMENTING")]
    [InlineData("REVIEWING", "REVIEW_PASSED", "AUDITING")]
    [InlineData("AUDITING", "AUDIT_FINDINGS", "IMPLEMENTING")]
    [InlineData("AUDITING", "AUDIT_PASSED", "COMPLETED")]
    [InlineData("TRIAGE", "HALT", "HALTED")]
    [InlineData("IMPLEMENTING", "HALT", "HALTED")]
    [InlineData("REVIEWING", "HALT", "HALTED")]
    [InlineData("AUDITING", "HALT", "HALTED")]
    public void Every_allowed_transition_of_002_moves_to_its_target(string from, string trigger, string to)
    {
        var state = WireName.Parse<BugState>(from);
        var machine = BugStateMachine.Create(() => state, s => state = s);

        machine.Fire(WireName.Parse<BugTrigger>(trigger));

        Assert.Equal(WireName.Parse<BugState>(to), state);
    }

    [Theory]
    [InlineData("COMPLETED", "VALIDATE", "POST_PR_AUDIT")]
    [InlineData("POST_PR_AUDIT", "POST_PR_PASSED", "E2E_TESTING")]
    [InlineData("E2E_TESTING", "E2E_FIXED", "POST_PR_AUDIT")]
    [InlineData("E2E_TESTING", "VALIDATED", "READY_FOR_HITL")]
    [InlineData("POST_PR_AUDIT", "HALT", "HALTED")]
    [InlineData("E2E_TESTING", "HALT", "HALTED")]
    public void The_post_pr_validation_of_the_bug_pr_moves_as_a_sprint_pr_does(string from, string trigger, string to)
    {
        var state = WireName.Parse<BugState>(from);
        var machine = BugStateMachine.Create(() => state, s => state = s);

        machine.Fire(WireName.Parse<BugTrigger>(trigger));

        Assert.Equal(WireName.Parse<BugState>(to), state);
    }

    [Fact]
    public void The_table_holds_those_ten_transitions_and_the_six_of_post_pr_validation_and_no_other()
    {
        var machine = BugStateMachine.Create();
        var states = machine.GetInfo().States.ToArray();

        Assert.Equal(16, states.Sum(s => s.FixedTransitions.Count() + s.DynamicTransitions.Count()));
        Assert.Equal(BugState.Triage, machine.State);
        Assert.Equal(
            [BugState.Halted, BugState.ReadyForHitl],
            states.Where(s => !s.FixedTransitions.Any() && !s.DynamicTransitions.Any()).Select(s => (BugState)s.UnderlyingState).Order());
    }

    [Theory]
    [InlineData("TRIAGE", "IMPLEMENTED")]
    [InlineData("TRIAGE", "AUDIT_PASSED")]
    [InlineData("IMPLEMENTING", "REVIEW_PASSED")]
    [InlineData("IMPLEMENTING", "AUDIT_PASSED")]
    [InlineData("IMPLEMENTING", "TRIAGE_COMPLETE")]
    [InlineData("REVIEWING", "AUDIT_PASSED")]
    [InlineData("REVIEWING", "IMPLEMENTED")]
    [InlineData("AUDITING", "REVIEW_PASSED")]
    [InlineData("COMPLETED", "HALT")]
    [InlineData("COMPLETED", "AUDIT_FINDINGS")]
    [InlineData("COMPLETED", "VALIDATED")]
    [InlineData("AUDITING", "VALIDATE")]
    [InlineData("POST_PR_AUDIT", "VALIDATED")]
    [InlineData("POST_PR_AUDIT", "IMPLEMENTED")]
    [InlineData("E2E_TESTING", "POST_PR_PASSED")]
    [InlineData("READY_FOR_HITL", "HALT")]
    [InlineData("HALTED", "VALIDATE")]
    [InlineData("HALTED", "TRIAGE_COMPLETE")]
    [InlineData("HALTED", "IMPLEMENTED")]
    public void A_transition_002_does_not_allow_is_refused_naming_state_and_trigger(string from, string trigger)
    {
        var state = WireName.Parse<BugState>(from);
        var machine = BugStateMachine.Create(() => state, s => state = s);

        var ex = Assert.Throws<InvalidTransitionException>(() => machine.Fire(WireName.Parse<BugTrigger>(trigger)));

        Assert.Equal("bug", ex.Machine);
        Assert.Equal(from, ex.State);
        Assert.Equal(trigger, ex.Trigger);
        Assert.Equal(WireName.Parse<BugState>(from), state);
    }
}
