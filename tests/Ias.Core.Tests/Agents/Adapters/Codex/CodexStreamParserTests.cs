using Ias.Core.Agents;
using Ias.Core.Agents.Adapters.Codex;

namespace Ias.Core.Tests.Agents.Adapters.Codex;

public sealed class CodexStreamParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    private static CodexStreamParser Parser() => new(new ZonedClock(Now, TimeZoneInfo.Utc));

    [Fact]
    public void A_successful_turn_reports_session_tools_text_and_usage_without_cost()
    {
        var parser = Parser();

        var events = Cassette.Play(parser, "codex", "documented-success.jsonl");

        Assert.Equal(
            [
                new SessionStarted("0199a213-81c0-7800-8aa1-bbab2a035a53", null),
                new ToolCall("item_1", "command_execution", "bash -lc ls"),
                new ToolResult("item_1", false, "README.md\nsrc\n"),
                new ToolCall("item_2", "file_change", "src/feature.txt"),
                new ToolResult("item_2", false, "completed"),
                new AssistantText("item_3", "Created src/feature.txt."),
                new FinalResult(true, FailureClass.None, "Created src/feature.txt.", 24763, 122, null, 1, "0199a213-81c0-7800-8aa1-bbab2a035a53"),
            ],
            events);
        Assert.True(parser.SawResult);
        Assert.Equal("0199a213-81c0-7800-8aa1-bbab2a035a53", parser.SessionId);
    }

    [Fact]
    public void A_usage_limit_is_reported_once_with_its_reset_time_and_ends_the_run()
    {
        var parser = Parser();

        var events = Cassette.Play(parser, "codex", "documented-usage-limit.jsonl");

        var reset = new DateTimeOffset(2026, 11, 23, 5, 24, 0, TimeSpan.Zero);
        Assert.Equal(new UsageLimit(reset), Assert.Single(events.OfType<UsageLimit>()));
        var final = Assert.Single(events.OfType<FinalResult>());
        Assert.Equal(FailureClass.UsageLimit, final.FailureClass);
        Assert.Equal(reset, parser.UsageLimitResetsAt);
    }

    [Theory]
    [InlineData("documented-auth.jsonl", FailureClass.Auth)]
    [InlineData("documented-billing.jsonl", FailureClass.Billing)]
    [InlineData("documented-reconnecting.jsonl", FailureClass.Network)]
    [InlineData("documented-transient.jsonl", FailureClass.Transient)]
    [InlineData("documented-context-too-long.jsonl", FailureClass.Incomplete)]
    public void A_failed_turn_is_classified_from_its_message(string cassette, FailureClass expected)
    {
        var final = Assert.Single(Cassette.Play(Parser(), "codex", cassette).OfType<FinalResult>());

        Assert.False(final.Success);
        Assert.Equal(expected, final.FailureClass);
    }

    [Fact]
    public void Reconnect_attempts_are_retries_not_the_end()
    {
        var parser = Parser();
        var lines = Cassette.Lines("codex", "documented-reconnecting.jsonl");

        var retries = lines.Take(4).SelectMany(parser.Parse).OfType<ApiRetry>().Select(r => r.Attempt).ToList();

        Assert.Equal([1, 2], retries);
        Assert.False(parser.SawResult);
        Assert.Equal(FailureClass.Network, parser.StderrHint);
    }

    [Fact]
    public void Lines_that_are_not_events_come_back_unparsed()
    {
        Assert.Equal([new Unparsed("Reading prompt from stdin...")], Parser().Parse("Reading prompt from stdin..."));
    }

    [Fact]
    public void Stderr_naming_a_login_problem_outranks_an_earlier_network_hint()
    {
        var parser = Parser();

        parser.ObserveStderr("ERROR: stream disconnected before completion");
        parser.ObserveStderr("Not logged in. Run codex login.");

        Assert.Equal(FailureClass.Auth, parser.StderrHint);
    }
}
