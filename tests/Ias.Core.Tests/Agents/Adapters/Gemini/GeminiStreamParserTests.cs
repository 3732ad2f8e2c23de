using Ias.Core.Agents;
using Ias.Core.Agents.Adapters.Gemini;

namespace Ias.Core.Tests.Agents.Adapters.Gemini;

public sealed class GeminiStreamParserTests
{
    private const string Session = "c2b7e0a4-5d1f-4a8e-9b3c-6f2d1e0a9b87";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    private static GeminiStreamParser Parser() => new(new ZonedClock(Now, TimeZoneInfo.Utc));

    [Fact]
    public void A_successful_run_reports_session_chunks_tools_and_stats()
    {
        var parser = Parser();

        var events = Cassette.Play(parser, "gemini", "documented-success.jsonl");

        Assert.Equal(
            [
                new SessionStarted(Session, "gemini-2.5-pro"),
                new AssistantText(null, "I'll create "),
                new AssistantText(null, "the file."),
                new ToolCall("write_file-1", "write_file", "src/feature.txt"),
                new ToolResult("write_file-1", false, "Successfully created and wrote to new file: src/feature.txt"),
                new AssistantText(null, "Done."),
                new FinalResult(true, FailureClass.None, "I'll create the file.\nDone.", 1500, 150, null, 2, Session),
            ],
            events);
    }

    [Theory]
    [InlineData("documented-auth.jsonl", FailureClass.Auth)]
    [InlineData("documented-overloaded.jsonl", FailureClass.Transient)]
    [InlineData("documented-turn-limit.jsonl", FailureClass.Incomplete)]
    [InlineData("documented-daily-quota.jsonl", FailureClass.UsageLimit)]
    public void A_failed_result_is_classified_from_its_error_not_the_exit_code(string cassette, FailureClass expected)
    {
        var final = Assert.Single(Cassette.Play(Parser(), "gemini", cassette).OfType<FinalResult>());

        Assert.False(final.Success);
        Assert.Equal(expected, final.FailureClass);
    }

    [Fact]
    public void A_daily_quota_waits_for_the_time_it_names()
    {
        var parser = Parser();

        var events = Cassette.Play(parser, "gemini", "documented-daily-quota.jsonl");

        var reset = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(new UsageLimit(reset), Assert.Single(events.OfType<UsageLimit>()));
        Assert.Equal(reset, parser.UsageLimitResetsAt);
    }

    [Fact]
    public void Retry_warnings_before_the_result_leave_a_transient_hint()
    {
        var parser = Parser();

        foreach (var line in Cassette.Lines("gemini", "documented-overloaded.jsonl").Take(2))
        {
            _ = parser.Parse(line).ToList();
        }

        Assert.False(parser.SawResult);
        Assert.Equal(FailureClass.Transient, parser.StderrHint);
    }

    [Fact]
    public void Exit_41_without_a_result_is_a_missing_login_and_other_codes_say_nothing()
    {
        var parser = Parser();

        var final = parser.Finish(41);

        Assert.Equal(new FinalResult(false, FailureClass.Auth, GeminiStreamParser.NoAuthMethod, 0, 0, null, 0, null), final);
        Assert.Null(Parser().Finish(147));
        Assert.Null(Parser().Finish(1));
    }

    [Fact]
    public void Stderr_alone_classifies_a_run_that_printed_no_result()
    {
        var parser = Parser();

        parser.ObserveStderr("Error: Unknown arguments: skip-trust, skipTrust");

        Assert.Equal(FailureClass.ConfigError, parser.StderrHint);
    }
}
