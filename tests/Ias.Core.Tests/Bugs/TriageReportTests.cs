using Ias.Core.Bugs;

namespace Ias.Core.Tests.Bugs;

/// <summary>Triage's report is read from the last fenced json block of its final message.</summary>
public sealed class TriageReportTests
{
    [Fact]
    public void The_last_json_block_gives_suspects_signals_and_the_micro_sprint()
    {
        const string Text = """
            An example first:
            ```json
            {"suspected_files": ["example.txt"]}
            ```
            Triage done.
            ```json
            {"suspected_files": ["auth/session.txt", 7], "reproduction_strength": "strong", "test_type": "integration", "risk_level": "medium", "micro_sprint": "- fix it"}
            ```
            """;

        var report = TriageReport.Parse(Text, out var error);

        Assert.Null(error);
        Assert.NotNull(report);
        Assert.Equal(["auth/session.txt"], report.SuspectedFiles);
        Assert.Equal("strong", report.ReproductionStrength);
        Assert.Equal("integration", report.TestType);
        Assert.Equal("medium", report.RiskLevel);
        Assert.Equal("- fix it", report.MicroSprint);
    }

    [Fact]
    public void Unknown_signals_fall_to_the_cautious_end_of_002s_scales()
    {
        var report = TriageReport.Parse("```json\n{\"reproduction_strength\": \"great\", \"risk_level\": \"none\"}\n```", out _);

        Assert.NotNull(report);
        Assert.Equal("weak", report.ReproductionStrength);
        Assert.Equal("medium", report.RiskLevel);
        Assert.Empty(report.SuspectedFiles);
    }

    [Theory]
    [InlineData("no block at all", "the triage's final message has no ```json triage block")]
    [InlineData("```json\n[1, 2]\n```", "the triage block is not a JSON object")]
    [InlineData("```json\n{nope}\n```", "the triage block is not valid JSON")]
    public void A_message_without_a_usable_block_gives_the_reason(string text, string reason)
    {
        Assert.Null(TriageReport.Parse(text, out var error));
        Assert.StartsWith(reason, error);
    }
}
