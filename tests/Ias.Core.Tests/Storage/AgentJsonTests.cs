using System.Text;
using Ias.Core.Bugs;
using Ias.Core.Cycles.Findings;
using Ias.Core.Cycles.Inputs;
using Ias.Core.Decisions;
using Ias.Core.Jobs.Intake;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Storage;

/// <summary>
/// Only an escape of half a surrogate pair becomes \ufffd: whole pairs, other escapes and escaped backslashes stay. Every
/// reader of JSON an agent wrote takes such a string as the replacement character instead of throwing on it.
/// </summary>
public sealed class AgentJsonTests
{
    [Theory]
    [InlineData(@"""cut \ud83d""", @"""cut \ufffd""")]
    [InlineData(@"""low \uDE00 then \uDC00""", @"""low \ufffd then \ufffd""")]
    [InlineData(@"""high then letter \uD83D\u0041""", @"""high then letter \ufffd\u0041""")]
    [InlineData(@"""two highs \ud83d\ud83d\ude00""", @"""two highs \ufffd\ud83d\ude00""")]
    [InlineData(@"""at the end \ud83d", @"""at the end \ufffd")]
    [InlineData(@"""pair \ud83d\ude00, escaped \\ud83d, quote \"", tab \t, \u001b[0m""", null)]
    [InlineData(@"""short \ud83"", \u12G4""", null)]
    [InlineData(@"no escape at all", null)]
    public void Only_half_pairs_are_replaced_and_a_line_without_one_is_not_copied(string line, string? expected)
    {
        var replaced = AgentJson.WithoutHalfPairs(Encoding.UTF8.GetBytes(line));

        Assert.Equal(expected, replaced is null ? null : Encoding.UTF8.GetString(replaced));
    }

    private const string Half = "\\ud83d";

    [Fact]
    public void A_reviewers_verdict_an_auditors_findings_and_a_triage_read_a_half_pair_as_a_replacement_character()
    {
        var verdict = VerdictParser.Parse($"```json\n{{\"verdict\": \"findings\", \"findings\": [{{\"title\": \"cut {Half}\"}}]}}\n```", out var error);
        Assert.Null(error);
        Assert.Equal("cut \uFFFD", Assert.Single(verdict!.Findings).Title);

        var redTeam = RedTeamReport.Parse($"```json\n{{\"findings\": [{{\"title\": \"cut {Half}\"}}]}}\n```", out error);
        Assert.Null(error);
        Assert.Equal("cut \uFFFD", Assert.Single(redTeam!).Title);

        var triage = TriageReport.Parse($"```json\n{{\"suspected_files\": [\"a{Half}.txt\"], \"micro_sprint\": \"- fix {Half}\"}}\n```", out error);
        Assert.Null(error);
        Assert.Equal(["a\uFFFD.txt"], triage!.SuspectedFiles);
        Assert.Equal("- fix \uFFFD", triage.MicroSprint);
    }

    [Fact]
    public void An_agents_question_a_job_request_and_a_ledger_read_a_half_pair_as_a_replacement_character()
    {
        using var dir = new TempDir();
        var ask = dir.Combine("ask.jsonl");
        File.WriteAllText(ask, $"{{\"question\": \"which {Half}?\"}}\n");
        Assert.Equal(["which \uFFFD?"], AskFile.Read(ask).Questions);

        var request = JobRequests.Read($"{{\"role\": \"reviewer\", \"prompt\": \"look {Half}\"}}", _ => "");
        Assert.Equal("look \uFFFD", request.Prompt);

        var ledger = dir.Combine(SprintLedger.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(ledger)!);
        File.WriteAllText(ledger, $"{{\"active_cycle\": \"c{Half}\", \"cycles\": [{{\"id\": \"c{Half}\", \"sprints\": []}}]}}");
        Assert.Equal($"{SprintLedger.Path} (cycle c\uFFFD)", SprintLedger.Read(dir.Path)!.Source);
    }
}
