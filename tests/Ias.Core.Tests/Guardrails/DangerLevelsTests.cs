using Ias.Core.Guardrails;

namespace Ias.Core.Tests.Guardrails;

public sealed class DangerLevelsTests
{
    [Theory]
    [InlineData("run-mode", DangerLevel.High)]
    [InlineData("implementing-tasks", DangerLevel.Moderate)]
    [InlineData("reviewing-code", DangerLevel.Moderate)]
    [InlineData("auditing-security", DangerLevel.High)]
    [InlineData("bug-triaging", DangerLevel.Moderate)]
    [InlineData("deploying-infrastructure", DangerLevel.High)]
    [InlineData("autonomous-agent", DangerLevel.Critical)]
    [InlineData("some-new-skill", DangerLevel.Critical)]
    public void Each_skill_has_the_level_of_the_original_skill_index_and_an_unknown_one_counts_as_critical(string skill, DangerLevel level)
    {
        Assert.Equal(level, DangerLevels.Of(skill));
    }

    [Theory]
    [InlineData("implementing-tasks", GuardAction.Proceed)]
    [InlineData("reviewing-code", GuardAction.Proceed)]
    [InlineData("bug-triaging", GuardAction.Proceed)]
    [InlineData("auditing-security", GuardAction.Warn)]
    [InlineData("run-mode", GuardAction.Proceed)]
    public void The_skills_of_run_modes_own_loop_run_without_allow_high_and_the_high_audit_is_logged_as_a_warning(string skill, GuardAction action)
    {
        Assert.Equal(action, DangerLevels.Decide(skill, allowHigh: false).Action);
        Assert.Equal(action, DangerLevels.Decide(skill, allowHigh: true).Action);
    }

    [Fact]
    public void A_high_skill_outside_the_loop_is_blocked_unless_allow_high_and_then_warns()
    {
        var blocked = DangerLevels.Decide("deploying-infrastructure", allowHigh: false);
        var allowed = DangerLevels.Decide("deploying-infrastructure", allowHigh: true);

        Assert.Equal((GuardAction.Block, "high skills are blocked in autonomous mode; pass --allow-high to allow them"), (blocked.Action, blocked.Reason));
        Assert.Equal((GuardAction.Warn, "high, allowed by --allow-high"), (allowed.Action, allowed.Reason));
    }

    [Theory]
    [InlineData("autonomous-agent")]
    [InlineData("some-new-skill")]
    public void A_critical_skill_is_blocked_even_with_allow_high(string skill)
    {
        Assert.Equal(GuardAction.Block, DangerLevels.Decide(skill, allowHigh: true).Action);
    }
}
