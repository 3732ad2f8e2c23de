using Ias.Core.Bugs;
using Ias.Core.Config;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Preflight;

namespace Ias.Core.Tests.Cycles;

/// <summary>The one line a person at a terminal says y or N to before Run Mode starts: what runs, where, how long, and what leaves the machine.</summary>
public sealed class StartQuestionTests
{
    private static readonly LoaConfig Config = LoaConfig.Defaults("/repo/.loa.config.yaml");

    [Theory]
    [InlineData(false, false, AutoPush.True, "pushed with a draft PR")]
    [InlineData(true, false, AutoPush.True, "kept local (no push, no PR)")]
    [InlineData(false, true, AutoPush.True, "pushed only when you say so")]
    [InlineData(false, false, AutoPush.Prompt, "pushed only when you say so")]
    [InlineData(false, false, AutoPush.False, "kept local (no push, no PR)")]
    public void The_line_says_what_leaves_the_machine_as_the_publisher_will_do_it(bool local, bool confirmPush, AutoPush autoPush, string publish)
    {
        var config = Config with { RunMode = Config.RunMode with { AutoPush = autoPush } };

        var line = StartQuestion.For("sprint-2", "feature/sprint-2", new RunOptions(5, 1.5, Local: local, ConfirmPush: confirmPush, Agent: "codex"), config);

        Assert.Equal($"Start sprint-2? codex works unattended on feature/sprint-2, up to 5 cycles or 1.5 h, committing each step, {publish}. [y/N]", line);
    }

    [Fact]
    public void A_bug_run_that_will_ask_at_a_high_risk_area_says_so()
    {
        var line = StartQuestion.For("the bug fix", "a new bugfix/<bug_id> branch", new RunOptions(10, 2, Local: true, Agent: "claude"), Config, highRiskAsked: true);

        Assert.EndsWith("kept local (no push, no PR); a high-risk area found in triage is asked about. [y/N]", line);
    }

    [Fact]
    public void Declining_is_a_one_line_refusal_that_says_how_to_start_without_the_question()
    {
        Assert.Equal(
            "sprint-1 not started: the answer was not yes, and nothing was changed; pass --yes to start without being asked",
            StartQuestion.Declined("sprint-1").Message);
    }

    [Theory]
    [InlineData("y", true)]
    [InlineData(" Yes. ", true)]
    [InlineData("proceed", true)]
    [InlineData("no", false)]
    [InlineData("yes, but only the tests", false)]
    [InlineData("", false)]
    public void Only_a_plain_yes_allows_a_high_risk_area(string answer, bool allows) =>
        Assert.Equal(allows, HighRiskQuestion.Allows(answer));
}
