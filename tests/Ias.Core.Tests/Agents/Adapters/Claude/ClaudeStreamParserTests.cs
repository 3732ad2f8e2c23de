using Ias.Core.Agents;
using Ias.Core.Agents.Adapters.Claude;
using static Ias.Core.Tests.Agents.Adapters.Claude.ClaudeStreamFixtures;

namespace Ias.Core.Tests.Agents.Adapters.Claude;

public sealed class ClaudeStreamParserTests
{
    private const string Session = "5f1c2a9e-0d7b-4c1e-9a51-3b2f6e8d7c10";
    private static readonly DateTimeOffset Reset = DateTimeOffset.FromUnixTimeSeconds(1778565600);

    [Fact]
    public void Init_starts_a_session_with_its_id_and_model()
    {
        var parser = new ClaudeStreamParser();

        var events = parser.Parse(Init).ToList();

        Assert.Equal([new SessionStarted(Session, "claude-sonnet-4-5")], events);
        Assert.Equal(Session, parser.SessionId);
    }

    [Fact]
    public void Content_blocks_become_text_and_tool_calls_with_their_targets()
    {
        var parser = new ClaudeStreamParser();

        var events = parser.Parse(AssistantTwoBlocks).Concat(parser.Parse(AssistantSameMessageBash)).ToList();

        Assert.Equal(
            [
                new AssistantText("msg_01A", "I'll create the feature file."),
                new ToolCall("msg_01A", "Write", "/repo/src/feature.txt"),
                new TokensSoFar(12, 40),
                new ToolCall("msg_01A", "Bash", "dotnet test"),
            ],
            events);
    }

    [Fact]
    public void Tokens_so_far_sum_each_api_calls_usage_once_with_cache_tokens_as_input()
    {
        var parser = new ClaudeStreamParser();
        static string Message(string id, string usage) =>
            "{\"type\":\"assistant\",\"message\":{\"id\":\"" + id + "\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"usage\":{" + usage + "}}}";

        var tokens = new[]
        {
            Message("msg_1", "\"input_tokens\":100,\"cache_creation_input_tokens\":20,\"cache_read_input_tokens\":5,\"output_tokens\":3"),
            // The same call's next block repeats its usage, with more output as it streams: the call counts once, as it last said.
            Message("msg_1", "\"input_tokens\":100,\"cache_creation_input_tokens\":20,\"cache_read_input_tokens\":5,\"output_tokens\":9"),
            Message("msg_1", "\"input_tokens\":100,\"cache_creation_input_tokens\":20,\"cache_read_input_tokens\":5,\"output_tokens\":9"),
            Message("msg_2", "\"input_tokens\":300,\"output_tokens\":7,\"server_tool_use\":{\"web_search_requests\":0}"),
        }.SelectMany(parser.Parse).OfType<TokensSoFar>().ToList();

        Assert.Equal([new TokensSoFar(125, 3), new TokensSoFar(125, 9), new TokensSoFar(425, 16)], tokens);
    }

    [Fact]
    public void Blocks_sharing_a_message_id_count_as_one_api_call()
    {
        var parser = new ClaudeStreamParser();

        Consume(parser, Init, AssistantTwoBlocks, AssistantSameMessageBash, ToolResultString);
        Assert.Equal(1, parser.ApiCalls);

        Consume(parser, AssistantSecondMessage);
        Assert.Equal(2, parser.ApiCalls);
    }

    [Fact]
    public void Thinking_blocks_are_not_reported_as_text()
    {
        var events = new ClaudeStreamParser().Parse(AssistantSecondMessage).ToList();

        Assert.Equal([new AssistantText("msg_01B", "Done: the feature file exists and tests pass.")], events);
    }

    [Fact]
    public void Tool_results_carry_their_id_error_flag_and_text_from_strings_or_blocks()
    {
        var parser = new ClaudeStreamParser();

        var events = parser.Parse(ToolResultString).Concat(parser.Parse(ToolResultBlocksError)).ToList();

        Assert.Equal(
            [
                new ToolResult("toolu_01", false, "File created successfully at: /repo/src/feature.txt"),
                new ToolResult("toolu_02", true, "Build FAILED.\nerror CS1002: ; expected"),
            ],
            events);
    }

    [Fact]
    public void A_long_tool_result_is_cut_to_a_preview()
    {
        var body = new string('x', 5000);
        var line = $$$"""{"type":"user","message":{"role":"user","content":[{"tool_use_id":"t","type":"tool_result","content":"{{{body}}}"}]}}""";

        var result = Assert.IsType<ToolResult>(Assert.Single(new ClaudeStreamParser().Parse(line)));

        Assert.Equal(500, result.Preview.Length);
        Assert.EndsWith("…", result.Preview);
    }

    [Fact]
    public void The_result_event_gives_tokens_with_cache_cost_calls_and_session()
    {
        var parser = new ClaudeStreamParser();
        Consume(parser, Init, AssistantTwoBlocks, AssistantSameMessageBash, ToolResultString, AssistantSecondMessage);

        var result = Assert.IsType<FinalResult>(Assert.Single(parser.Parse(ResultSuccess)));

        Assert.Equal(
            new FinalResult(
                Success: true,
                FailureClass.None,
                "Done: the feature file exists and tests pass.",
                TokensIn: 1200 + 3000 + 15000,
                TokensOut: 850,
                CostUsd: 0.0421875m,
                ApiCalls: 2,
                Session),
            result);
        Assert.True(parser.SawResult);
    }

    [Fact]
    public void Api_retries_report_attempt_and_reason()
    {
        var events = new ClaudeStreamParser().Parse(ApiRetryLine).ToList();

        Assert.Equal([new ApiRetry(1, "overloaded (529)")], events);
    }

    [Theory]
    [InlineData(RateLimitAllowed)]
    [InlineData(RateLimitAllowedWarning)]
    public void Rate_limit_events_that_still_allow_calls_are_ignored(string line)
    {
        var parser = new ClaudeStreamParser();

        Assert.Empty(parser.Parse(line));
        Assert.Null(parser.UsageLimitResetsAt);
    }

    [Fact]
    public void A_rejected_rate_limit_event_is_a_usage_limit_with_its_reset_time()
    {
        var parser = new ClaudeStreamParser();

        var events = parser.Parse(RateLimitRejected).ToList();

        Assert.Equal([new UsageLimit(Reset)], events);
        Assert.Equal(Reset, parser.UsageLimitResetsAt);
    }

    [Fact]
    public void After_a_rejected_rate_limit_the_failed_result_is_a_usage_limit_reported_once()
    {
        var parser = new ClaudeStreamParser();
        Consume(parser, Init, RateLimitRejected);

        var events = parser.Parse(ResultUsageLimit).ToList();

        var result = Assert.IsType<FinalResult>(Assert.Single(events));
        Assert.False(result.Success);
        Assert.Equal(FailureClass.UsageLimit, result.FailureClass);
    }

    [Fact]
    public void A_usage_limit_result_alone_yields_the_reset_time_from_its_text()
    {
        var parser = new ClaudeStreamParser();

        var events = parser.Parse(ResultUsageLimit).ToList();

        Assert.Equal(new UsageLimit(Reset), events[0]);
        var result = Assert.IsType<FinalResult>(events[1]);
        Assert.Equal(FailureClass.UsageLimit, result.FailureClass);
        Assert.Equal("Claude AI usage limit reached|1778565600", result.Text);
    }

    [Theory]
    [InlineData(ResultAuth, FailureClass.Auth)]
    [InlineData(ResultNetwork, FailureClass.Network)]
    [InlineData(ResultGenericError, FailureClass.Unknown)]
    public void A_failed_result_is_classified_by_its_text(string line, FailureClass expected)
    {
        var result = Assert.IsType<FinalResult>(Assert.Single(new ClaudeStreamParser().Parse(line)));

        Assert.False(result.Success);
        Assert.Equal(expected, result.FailureClass);
    }

    [Fact]
    public void A_result_without_text_takes_its_errors_list()
    {
        var result = Assert.IsType<FinalResult>(Assert.Single(new ClaudeStreamParser().Parse(ResultGenericError)));

        Assert.Equal("Process exited unexpectedly", result.Text);
        Assert.Null(result.CostUsd);
    }

    [Fact]
    public void Hitting_the_turn_limit_ends_incomplete()
    {
        var result = Assert.IsType<FinalResult>(Assert.Single(new ClaudeStreamParser().Parse(ResultMaxTurns)));

        Assert.False(result.Success);
        Assert.Equal(FailureClass.Incomplete, result.FailureClass);
        Assert.Equal(1.25m, result.CostUsd);
    }

    [Fact]
    public void Stderr_naming_an_auth_problem_classifies_an_otherwise_unknown_failure()
    {
        var parser = new ClaudeStreamParser();
        parser.ObserveStderr("Error: authentication failed (401)");

        var result = Assert.IsType<FinalResult>(Assert.Single(parser.Parse(ResultGenericError)));

        Assert.Equal(FailureClass.Auth, result.FailureClass);
        Assert.Equal(FailureClass.Auth, parser.StderrHint);
    }

    [Fact]
    public void Stderr_with_a_usage_limit_gives_a_hint_and_a_reset_time_for_runs_without_a_result()
    {
        var parser = new ClaudeStreamParser();

        parser.ObserveStderr("Claude AI usage limit reached|1778565600");

        Assert.Equal(FailureClass.UsageLimit, parser.StderrHint);
        Assert.Equal(Reset, parser.UsageLimitResetsAt);
        Assert.False(parser.SawResult);
    }

    [Theory]
    [InlineData(Garbage)]
    [InlineData("{\"type\":\"assistant\",\"message\":{\"id\":\"msg_cut")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"no_type\":true}")]
    [InlineData("\u001b[31mred\u001b[0m")]
    public void Lines_that_are_not_stream_events_come_back_unparsed(string line)
    {
        var parser = new ClaudeStreamParser();

        var events = parser.Parse(line).ToList();

        Assert.Equal([new Unparsed(line)], events);
        Assert.Equal(1, parser.UnparsedLines);
    }

    [Fact]
    public void Blank_lines_and_unknown_event_types_yield_nothing()
    {
        var parser = new ClaudeStreamParser();

        Assert.Empty(parser.Parse(""));
        Assert.Empty(parser.Parse("   "));
        Assert.Empty(parser.Parse("""{"type":"stream_event","event":{"type":"content_block_delta"}}"""));
        Assert.Equal(0, parser.UnparsedLines);
    }

    [Fact]
    public void A_whole_recorded_session_parses_in_order()
    {
        var parser = new ClaudeStreamParser();
        string[] session =
        [
            Init, Garbage, AssistantTwoBlocks, AssistantSameMessageBash, ToolResultString, ToolResultBlocksError,
            RateLimitAllowed, AssistantSecondMessage, ResultSuccess,
        ];

        var kinds = session.SelectMany(parser.Parse).Select(e => e.GetType().Name).ToList();

        Assert.Equal(
            [
                "SessionStarted", "Unparsed", "AssistantText", "ToolCall", "TokensSoFar", "ToolCall", "ToolResult", "ToolResult",
                "AssistantText", "FinalResult",
            ],
            kinds);
    }

    private static void Consume(ClaudeStreamParser parser, params string[] lines)
    {
        foreach (var line in lines)
        {
            _ = parser.Parse(line).ToList();
        }
    }
}
