using Ias.Core.Scaffold;
using Ias.Core.Setup;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Scaffold;

/// <summary>
/// The starter texts' `&lt;…&gt;` placeholders: a sprint or a scaffold file that still holds one is refused by `ias run`
/// before any agent call and named by `ias preflight`; a plan's own angle brackets are never taken for one.
/// </summary>
public sealed class PlaceholdersTests : IDisposable
{
    private readonly GitRepo _repo = new();

    public PlaceholdersTests() => _repo.Write(".loa.config.yaml", "run_mode:\n  enabled: true\nagents:\n  default: { agent: sim }\n");

    public void Dispose() => _repo.Dispose();

    [Theory]
    [InlineData("# Project context\n\n- **What it is:** <one sentence>\n", "<one sentence>", 3)]
    [InlineData("## Sprint 1: greet\n\n- Task 1.1: <a change to make, and how to tell it is done>\n", "<a change to make, and how to tell it is done>", 3)]
    [InlineData("- <a link>: <what it settles>", "<a link>", 1)]
    public void The_first_starter_placeholder_is_found_with_its_line(string text, string placeholder, int line) =>
        Assert.Equal((placeholder, line), Placeholders.First(text));

    [Theory]
    [InlineData("## Sprint 1: a List<T> that keeps order\n\nRender <div class=\"x\"> and <br>.\n")]
    [InlineData("## Sprint 1: greet\n\nA one sentence greeting, without angle brackets.\n")]
    [InlineData("")]
    public void A_text_a_person_wrote_holds_none(string text) => Assert.Null(Placeholders.First(text));

    [Fact]
    public void The_starter_plan_is_refused_before_any_agent_call_and_a_described_sprint_is_not()
    {
        _repo.Write("grimoires/loa/sprint.md", ScaffoldTexts.SprintPlan);
        Commit();
        using var engine = new TestEngine(_repo.Path, new CountingAgent());

        Assert.Equal(
            "sprint-1 in grimoires/loa/sprint.md:6 still holds the starter's placeholder <the goal of the first sprint>: describe the sprint there (what to build, how to tell it is done), then run again; no agent was called",
            engine.Refusal());

        _repo.Write("grimoires/loa/sprint.md", "## Sprint 1: greet\n\n- Task 1.1: print hello, and a test that reads it\n");
        Commit();
        Assert.Null(engine.Refusal());
    }

    [Fact]
    public void A_scaffold_still_as_written_is_refused_and_named_by_pre_flight_until_a_person_fills_it_in()
    {
        _repo.Write("grimoires/loa/sprint.md", "## Sprint 1: greet\n\n- Task 1.1: print hello\n");
        RepoPreflight.Fix(_repo.Path);
        Commit();
        using var engine = new TestEngine(_repo.Path, new CountingAgent());
        const string Unfilled = "docs/ias/project-context.md:5 still holds the starter's placeholder <one sentence>: replace each <…> there (or delete its line)";

        Assert.Equal(Unfilled + ", then run again; no agent was called", engine.Refusal());
        Assert.Equal([Unfilled], RepoPreflight.Check(engine.Context).Where(l => !l.Ok).Select(l => l.Text));

        foreach (var file in ScaffoldProfile.Terminal.Files.Where(f => !f.Sectioned))
        {
            _repo.Write(file.Path, $"# {file.Path}\n\nFilled in by a person.\n");
        }

        Commit();
        Assert.Null(engine.Refusal());
        Assert.DoesNotContain(RepoPreflight.Check(engine.Context), l => !l.Ok);
    }

    [Fact]
    public void Pre_flight_names_the_first_sprint_of_the_plan_still_as_the_starter_wrote_it()
    {
        RepoPreflight.Fix(_repo.Path);
        foreach (var file in ScaffoldProfile.Terminal.Files.Where(f => !f.Sectioned))
        {
            _repo.Write(file.Path, "Filled in.\n");
        }

        _repo.Write("grimoires/loa/sprint.md", "## Sprint 1: greet\n\n- Task 1.1: print hello\n\n## Sprint 2: <the goal of the first sprint>\n");
        Commit();
        using var engine = new TestEngine(_repo.Path, new CountingAgent());

        Assert.Equal(
            ["sprint-2 in grimoires/loa/sprint.md:5 still holds the starter's placeholder <the goal of the first sprint>: describe the sprint there (what to build, how to tell it is done)"],
            RepoPreflight.Check(engine.Context).Where(l => l.Stops).Select(l => l.Text));
    }

    private void Commit()
    {
        _repo.Git.Run("add", "-A");
        _repo.Git.Run("commit", "-q", "-m", "as a person leaves it");
    }
}
