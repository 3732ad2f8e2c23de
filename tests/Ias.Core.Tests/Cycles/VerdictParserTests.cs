using Ias.Core.Cycles.Findings;

namespace Ias.Core.Tests.Cycles;

public sealed class VerdictParserTests
{
    [Fact]
    public void A_findings_block_at_the_end_yields_every_finding_with_its_fields()
    {
        var text = """
            I looked at the change.

            ```json
            {"verdict": "findings", "findings": [
              {"id": "R1", "severity": "high", "title": "Null check missing", "file": "src/a.cs", "line": 12},
              {"id": "R2", "severity": "low", "title": "Typo"}
            ]}
            ```
            """;

        var verdict = VerdictParser.Parse(text, out var error);

        Assert.Null(error);
        Assert.NotNull(verdict);
        Assert.False(verdict.Passed);
        Assert.Equal(
            [new Finding("R1", "high", "Null check missing", "src/a.cs", 12), new Finding("R2", "low", "Typo", null, null)],
            verdict.Findings);
    }

    [Fact]
    public void Only_the_last_block_counts_so_a_quoted_example_cannot_pass_a_review()
    {
        var text = """
            The template says to answer like this:
            ```json
            {"verdict": "pass", "findings": []}
            ```
            But I found a problem.
            ```json
            {"verdict": "findings", "findings": [{"id": "R1", "severity": "medium", "title": "Leak"}]}
            ```
            """;

        var verdict = VerdictParser.Parse(text, out _);

        Assert.NotNull(verdict);
        Assert.False(verdict.Passed);
        Assert.Single(verdict.Findings);
    }

    [Fact]
    public void A_pass_block_passes()
    {
        var verdict = VerdictParser.Parse("All good.\n```json\n{\"verdict\": \"pass\", \"findings\": []}\n```", out _);
        Assert.Equal(Verdict.Pass, verdict);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Looks fine to me.", "no ```json verdict block")]
    [InlineData("```json\n{\"verdict\": \"maybe\"}\n```", "neither")]
    [InlineData("```json\n{\"verdict\": \"findings\", \"findings\": []}\n```", "list is empty")]
    [InlineData("```json\n{verdict: pass\n```", "not valid JSON")]
    [InlineData("```json\n[1, 2]\n```", "no \"verdict\" string")]
    public void A_missing_or_malformed_verdict_is_no_verdict_with_a_reason(string text, string reason)
    {
        var verdict = VerdictParser.Parse(text, out var error);

        Assert.Null(verdict);
        Assert.Contains(reason, error);
    }
}
