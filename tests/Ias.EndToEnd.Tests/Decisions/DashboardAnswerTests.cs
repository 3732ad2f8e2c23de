using Ias.EndToEnd.Tests.Support;

namespace Ias.EndToEnd.Tests.Decisions;

/// <summary>A person answers an agent's question from the dashboard: the footer offers `a` only while one waits.</summary>
public sealed class DashboardAnswerTests
{
    public DashboardAnswerTests() => Tmux.AssertInstalled();

    [Fact]
    public async Task The_dashboard_shows_the_question_as_the_answer_is_typed_and_the_run_goes_on_with_it()
    {
        using var repo = new TestRepo();
        var env = await Scenario.WriteAsync(repo, """{"ask": [{"role": "implementer", "cycle": 1, "question": "Tabs or spaces?"}]}""");
        using var tmux = Tmux.Start(160, 40, repo.Path, env, "run", "sprint-1", "--yes");
        await tmux.WaitForAsync("a answer");

        tmux.Keys("a");
        await tmux.WaitForAsync("D1 asks: Tabs or spaces? answer: _");
        // q is a letter of the answer here, not quit.
        tmux.Keys("quite", "Space", "spaces", "Enter");

        await tmux.WaitForAsync(" DONE ");
        Assert.Equal("quite spaces\n", await repo.OnBranchAsync("sim/sprint-1/answer.txt"));
        var after = tmux.Capture();
        Assert.DoesNotContain("a answer", after, StringComparison.Ordinal);
        tmux.Keys("a");
        await tmux.WaitForAsync("no agent is waiting for an answer");
    }
}
