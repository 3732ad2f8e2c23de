using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Cycles.Lifecycle;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Cycles;

public sealed class PromptTemplatesTests
{
    [Fact]
    public void Embedded_prompts_carry_the_sprint_findings_and_diff()
    {
        using var repo = new TempDir();
        var prompt = PromptTemplates.Render(
            PromptTemplates.Load(repo.Path, Phase.Implement), "sprint-2", 3, "## Sprint 2\n- add login",
            [new Finding("R1", "high", "Null check missing", "src/a.cs", 4)], " src/a.cs | 2 +-");

        Assert.Contains("sprint-2, cycle 3", prompt);
        Assert.Contains("- add login", prompt);
        Assert.Contains("[R1] (high) Null check missing — src/a.cs:4", prompt);
        Assert.Contains("src/a.cs | 2 +-", prompt);
    }

    [Fact]
    public void Review_prompt_asks_for_the_json_verdict_block()
    {
        using var repo = new TempDir();
        Assert.Contains("\"verdict\": \"pass\" | \"findings\"", PromptTemplates.Load(repo.Path, Phase.Review));
        Assert.Contains("\"verdict\": \"pass\" | \"findings\"", PromptTemplates.Load(repo.Path, Phase.Audit));
    }

    [Fact]
    public void A_repository_prompt_overrides_the_embedded_one()
    {
        using var repo = new TempDir();
        Directory.CreateDirectory(repo.Combine(".ias", "prompts"));
        File.WriteAllText(repo.Combine(".ias", "prompts", "review.md"), "Custom review of {{target}}");

        Assert.Equal("Custom review of sprint-1",
            PromptTemplates.Render(PromptTemplates.Load(repo.Path, Phase.Review), "sprint-1", 1, "", [], ""));
    }

    [Fact]
    public void A_prompt_override_over_the_prompt_size_limit_is_refused_by_its_path()
    {
        using var repo = new TempDir();
        Directory.CreateDirectory(repo.Combine(".ias", "prompts"));
        File.WriteAllBytes(repo.Combine(".ias", "prompts", "review.md"), new byte[3 * 1024 * 1024]);

        var ex = Assert.Throws<RunModeException>(() => PromptTemplates.Load(repo.Path, Phase.Review));

        Assert.StartsWith("prompt file .ias/prompts/review.md is 3 MB, over the 1 MB limit; keep the prompt to instructions", ex.Message);
    }
}
