using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Cycles.Steps;
using Ias.Tui.Tests.Support;

namespace Ias.Tui.Tests.Runs;

/// <summary>
/// A new kind of run step is one file (<see cref="SecondLookStep"/>, here in the tests) and one line in the engine's
/// list of steps: a whole sprint then plays its phase through it, each turn the simulated agent's, as docs/extending.md says.
/// </summary>
public sealed class AddingARunStepTests
{
    // The one line: RunSteps.Builtin lists ias's own steps the same way.
    private static readonly RunSteps Steps = RunSteps.Builtin.With(SecondLookStep.Kind, parts => new SecondLookStep(parts), Phase.Review);

    [Fact(Timeout = 300_000)]
    public async Task The_added_step_plays_every_review_of_a_sprint_and_the_run_follows_its_verdicts()
    {
        using var repo = new DemoRepo();

        var run = await repo.SprintAsync(steps: Steps);

        Assert.Equal(RunState.JackedOut, run.State);
        Assert.Equal("cycle 1: 1 finding(s)\ncycle 2: passed\n", await File.ReadAllTextAsync(repo.File(".run", "second-look.log")));
        Assert.Contains("second look 1 finding(s)", repo.Output);
        Assert.Contains("second look passed", repo.Output);

        // Each review was the agent's turn, its finding went to the next implement, and the audit kept its own step.
        Assert.Equal(2, Jobs(repo, "review").Length);
        Assert.Contains("feature.txt does not validate its input", await File.ReadAllTextAsync(Path.Combine(Assert.Single(Jobs(repo, "c2-implement")), "prompt.md")));
        Assert.Contains("audit passed", repo.Output);
        Assert.DoesNotContain("review passed", repo.Output);
    }

    [Fact]
    public void The_list_gives_a_phase_to_its_new_kind_and_refuses_a_kind_it_has_or_a_phase_no_agent_plays()
    {
        Assert.Equal((SecondLookStep.Kind, StepKind.Verdict), (Steps.KindOf(Phase.Review), Steps.KindOf(Phase.Audit)));
        Assert.Equal([.. RunSteps.Builtin.Kinds, SecondLookStep.Kind], Steps.Kinds);
        Assert.Equal(StepKind.Verdict, RunSteps.Builtin.KindOf(Phase.Review));

        var twice = Assert.Throws<ArgumentException>(() => Steps.With(SecondLookStep.Kind, parts => new SecondLookStep(parts)));
        Assert.StartsWith("a step of kind second-look is listed already", twice.Message);
        var pause = Assert.Throws<ArgumentException>(() => RunSteps.Builtin.With(new StepKind("wait"), parts => new SecondLookStep(parts), Phase.RateLimited));
        Assert.StartsWith("no agent plays RATE_LIMITED, so no step runs it", pause.Message);
    }

    private static string[] Jobs(DemoRepo repo, string step) => Directory.GetDirectories(repo.File(".run", "jobs"), $"*-{step}-*");
}
