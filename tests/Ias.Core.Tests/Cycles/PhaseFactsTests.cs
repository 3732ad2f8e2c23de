using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Steps;
using Ias.Core.Guardrails;

namespace Ias.Core.Tests.Cycles;

public sealed class PhaseFactsTests
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
            PhaseFacts.Played);
        Assert.Equal(Enum.GetValues<Phase>().Length - 2, PhaseFacts.Played.Count); // RATE_LIMITED and AWAITING_DECISION
        Assert.Equal([Phase.Review, Phase.Audit, Phase.RedTeamCode, Phase.PostPrAudit, Phase.E2eTesting], Enum.GetValues<Phase>().Where(p => p.GivesVerdict()));
    }

    [Fact]
    public void Every_played_phase_has_a_row_whose_prompt_is_built_in_and_whose_skill_the_guardrails_let_run()
    {
        Assert.All(PhaseFacts.Played, p => Assert.Equal(p, p.Facts().Phase));
        Assert.All(PhaseFacts.Played, p => Assert.False(string.IsNullOrWhiteSpace(PromptTemplates.Embedded(p)), $"{p}'s prompt"));
        Assert.Equal(PhaseFacts.Played.Count, PhaseFacts.Played.Select(p => p.Facts().Prompt).Distinct().Count());
        Assert.All(PhaseFacts.Played, p => Assert.NotEqual(GuardAction.Block, DangerLevels.Decide(p.Facts().Skill, allowHigh: false).Action));
        Assert.Throws<ArgumentOutOfRangeException>(() => Phase.RateLimited.Facts());
    }

    [Fact]
    public void The_phases_the_machine_throttles_are_the_tables_played_phases()
    {
        var phase = Phase.Implement;
        var machine = Machines.Phases(() => phase, p => phase = p, () => null, _ => { });

        Assert.Equal(PhaseFacts.Played.Order(), Enum.GetValues<Phase>().Where(p =>
        {
            phase = p;
            return machine.CanFire(PhaseTrigger.Throttle);
        }).Order());
    }

    [Fact]
    public void The_engine_lists_one_step_of_each_kind_the_rows_name_and_each_phase_runs_its_rows_kind()
    {
        Assert.Equal(RunSteps.Builtin.Kinds.Count, RunSteps.Builtin.Kinds.Distinct().Count());
        Assert.Equal(RunSteps.Builtin.Kinds.OrderBy(k => k.Name), PhaseFacts.Played.Select(p => p.Facts().Step).Distinct().OrderBy(k => k.Name));
        Assert.All(PhaseFacts.Played, p => Assert.Equal(p.Facts().Step, RunSteps.Builtin.KindOf(p)));
    }

    [Fact]
    public void The_post_PR_phases_are_the_audit_its_fix_and_e2e_testing()
    {
        Assert.Equal([Phase.PostPrAudit, Phase.PostPrFix, Phase.E2eTesting], Enum.GetValues<Phase>().Where(p => p.IsPostPr()));
        Assert.Equal((StepKind.Implement, StepKind.Verdict), (Phase.PostPrFix.Facts().Step, Phase.Audit.Facts().Step));
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
