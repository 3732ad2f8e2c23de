using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Cycles.Lifecycle;

namespace Ias.Core.Tests.Cycles;

public sealed class RolePhasesTests
{
    [Theory]
    [InlineData("implementer", Phase.Implement)]
    [InlineData("reviewer", Phase.Review)]
    [InlineData("auditor", Phase.Audit)]
    [InlineData("red_team", Phase.RedTeamCode)]
    [InlineData("e2e_tester", Phase.E2eTesting)]
    [InlineData("orchestrator", Phase.Review)]
    public void A_role_names_its_turns_by_its_own_phase(string wire, Phase phase) =>
        Assert.Equal(phase, Role.Parse(wire).PhaseOf());

    [Fact]
    public void Every_phase_an_agent_plays_has_a_role_and_the_pauses_have_none()
    {
        Assert.All(Enum.GetValues<Phase>().Where(p => p is not (Phase.RateLimited or Phase.AwaitingDecision)), p => Assert.NotNull(p.RoleOf()));
        Assert.Equal((Role.Auditor, Role.Implementer), (Phase.PostPrAudit.RoleOf(), Phase.PostPrFix.RoleOf()));
        Assert.Null(Phase.AwaitingDecision.RoleOf());
    }

    [Fact]
    public void The_played_phases_are_every_phase_but_the_pauses_in_the_runs_order_and_the_checks_give_verdicts()
    {
        Assert.Equal(
            [Phase.Implement, Phase.Review, Phase.Audit, Phase.RedTeamCode, Phase.PostPrAudit, Phase.PostPrFix, Phase.E2eTesting],
            RolePhases.Played);
        Assert.Equal(Enum.GetValues<Phase>().Length - 2, RolePhases.Played.Count); // RATE_LIMITED and AWAITING_DECISION
        Assert.Equal([Phase.Review, Phase.Audit, Phase.RedTeamCode, Phase.PostPrAudit, Phase.E2eTesting], Enum.GetValues<Phase>().Where(p => p.GivesVerdict()));
    }

    [Fact]
    public void Every_step_outcome_reads_back_by_its_name()
    {
        StepOutcome[] all = [StepOutcome.Done, StepOutcome.Failed, StepOutcome.Pass, StepOutcome.Findings, StepOutcome.Asked, StepOutcome.Aborted,
            StepOutcome.RateLimited, StepOutcome.Refused, StepOutcome.UsageLimit, StepOutcome.Ended(FailureClass.Timeout)];
        Assert.Equal(Enum.GetValues<StepOutcomeKind>().Length, all.Select(o => o.Kind).Distinct().Count());
        Assert.All(all, o => Assert.Equal(o, StepOutcome.Parse(o.Wire)));
        Assert.Equal("ended:Timeout", StepOutcome.Ended(FailureClass.Timeout).Wire);
    }
}
