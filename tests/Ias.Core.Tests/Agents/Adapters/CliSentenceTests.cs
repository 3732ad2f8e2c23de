using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;

namespace Ias.Core.Tests.Agents.Adapters;

/// <summary>
/// Every failure sentence the pinned claude, codex and gemini packages hold (Cassettes/Sentences/CLI.tsv, found there by
/// scripts/cli-sentences.mjs) is read by the classifier as the class recorded beside it: new words a CLI learns show up
/// here as a sentence of class "?", not as a night of retries.
/// </summary>
public sealed class CliSentenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    private static readonly string[] Clis = ["claude", "codex", "gemini"];

    private static readonly Dictionary<string, string> Packages = new()
    {
        ["claude"] = "@anthropic-ai/claude-code",
        ["codex"] = "@openai/codex",
        ["gemini"] = "@google/gemini-cli",
    };

    public static TheoryData<string, string, string> Sentences()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var cli in Clis)
        {
            foreach (var row in Rows(cli))
            {
                data.Add(cli, row.Class, row.Sentence);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Each_failure_sentence_a_cli_can_print_is_read_as_its_recorded_class(string cli, string recorded, string sentence)
    {
        Assert.True(Enum.TryParse<FailureClass>(recorded, out var expected),
            $"{cli}: \"{sentence}\" has the class \"{recorded}\": write the class its words deserve in Cassettes/Sentences/{cli}.tsv");

        var found = new FailureClassifier(new ZonedClock(Now, TimeZoneInfo.Utc)).Classify(Unescape(sentence))?.Class ?? FailureClass.Unknown;

        Assert.Equal(expected, found);
    }

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Each_failure_sentence_a_cli_prints_on_stderr_is_read_by_its_parser_as_its_recorded_class(string cli, string recorded, string sentence)
    {
        Assert.True(Enum.TryParse<FailureClass>(recorded, out var expected),
            $"{cli}: \"{sentence}\" has the class \"{recorded}\": write the class its words deserve in Cassettes/Sentences/{cli}.tsv");
        var parser = AgentAdapters.Builtin.Find(cli)!.NewParser(new ZonedClock(Now, TimeZoneInfo.Utc));

        parser.ObserveStderr(Unescape(sentence));

        Assert.Equal(expected, parser.StderrHint ?? FailureClass.Unknown);
    }

    [Theory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    public void Each_list_was_taken_from_the_pinned_version_of_its_cli(string cli)
    {
        var pinned = JsonNode.Parse(File.ReadAllText(Path.Combine(Root(), "tests", "agent-clis", "package.json")))!["dependencies"]![Packages[cli]]!.GetValue<string>();

        Assert.Equal($"# version {pinned}", Lines(cli).Single(l => l.StartsWith("# version ", StringComparison.Ordinal)));
        Assert.NotEmpty(Rows(cli));
    }

    [Theory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    public void A_sentence_read_as_no_class_says_why(string cli)
    {
        var silent = Rows(cli).Where(r => r.Class == nameof(FailureClass.Unknown) && r.Note.Length == 0).Select(r => r.Sentence);

        Assert.Empty(silent);
    }

    private static List<(string Class, string Sentence, string Note)> Rows(string cli) =>
        [.. Lines(cli).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).Select(c => (c[0], c[1], c.Length > 3 ? c[3] : ""))];

    private static string[] Lines(string cli) => Cassette.Lines("Sentences", cli + ".tsv");

    // The lists keep one sentence a line: a tab, a newline and a backslash inside one are written \t, \n and \\.
    private static string Unescape(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\\([\\tn])", m => m.Groups[1].Value switch { "t" => "\t", "n" => "\n", _ => "\\" });

    private static string Root([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", ".."));
}
