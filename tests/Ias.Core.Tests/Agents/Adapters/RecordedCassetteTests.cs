using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;

namespace Ias.Core.Tests.Agents.Adapters;

/// <summary>
/// The streams the real claude, codex and gemini CLIs printed against the fake model API (tier 3, recorded-*),
/// replayed through each parser: the class they yield is the one the engine acts on.
/// </summary>
public sealed class RecordedCassetteTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, FailureClass?> Failures => new()
    {
        { "claude", "recorded-unauthorized", FailureClass.Auth },
        { "codex", "recorded-unauthorized", FailureClass.Auth },
        { "gemini", "recorded-unauthorized", FailureClass.Auth },
        { "claude", "recorded-usage-limit", FailureClass.UsageLimit },
        { "codex", "recorded-usage-limit", FailureClass.UsageLimit },
        { "gemini", "recorded-usage-limit", FailureClass.UsageLimit },
        { "claude", "recorded-rate-limited", FailureClass.Transient },
        { "codex", "recorded-rate-limited", FailureClass.Transient },
        { "gemini", "recorded-rate-limited", FailureClass.Transient },
        { "claude", "recorded-overloaded", FailureClass.Transient },
        { "codex", "recorded-overloaded", FailureClass.Transient },
        { "gemini", "recorded-overloaded", FailureClass.Transient },
        { "claude", "recorded-refused", FailureClass.Network },
        { "codex", "recorded-refused", FailureClass.Network },
        { "gemini", "recorded-refused", FailureClass.Network },

        // A stalled stream says nothing: only the runner's idle limit ends it (as Timeout).
        { "claude", "recorded-stall", null },
        { "codex", "recorded-stall", null },
        { "gemini", "recorded-stall", null },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_recorded_failure_of_the_real_cli_is_read_as_its_class(string cli, string name, FailureClass? expected)
    {
        var (parser, events) = Replay(cli, name);

        var final = events.OfType<FinalResult>().LastOrDefault();
        Assert.Equal(expected, final?.FailureClass ?? parser.StderrHint);
        Assert.False(final?.Success ?? false);
        if (expected == FailureClass.UsageLimit)
        {
            // The fake API says "reset at 5am (UTC)": claude passes it on, and at 06:00 that is tomorrow's 5am, never the past.
            // Codex ("Try again later") and gemini ("exhausted your daily quota") name no time, so the wait is an hour.
            var resets = cli == "claude" ? new DateTimeOffset(2026, 11, 23, 5, 0, 0, TimeSpan.Zero) : Now.AddHours(1);
            Assert.Equal(resets, parser.UsageLimitResetsAt);
        }
    }

    [Theory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    public void A_recorded_implement_turn_reads_as_a_session_a_tool_call_and_a_successful_result(string cli)
    {
        var (parser, events) = Replay(cli, "recorded-implement");

        Assert.NotNull(Assert.Single(events.OfType<SessionStarted>()).SessionId);
        var call = Assert.Single(events.OfType<ToolCall>());
        Assert.Contains(call.ToolName, new[] { "Write", "command_execution", "write_file" });
        Assert.Contains(events, e => e is ToolResult { IsError: false });
        var final = Assert.Single(events.OfType<FinalResult>());
        Assert.True(final.Success);
        Assert.Equal("Implemented: wrote greeting.txt.", final.Text.Trim());
        Assert.True(final.TokensIn > 0 && final.TokensOut > 0, $"{final.TokensIn} in, {final.TokensOut} out");
        Assert.Equal(parser.SessionId, final.SessionId ?? parser.SessionId);
    }

    [Theory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    public void A_recorded_review_turn_ends_with_the_verdict_block_in_its_final_text(string cli)
    {
        var (_, events) = Replay(cli, "recorded-review");

        var final = Assert.Single(events.OfType<FinalResult>());
        Assert.True(final.Success);
        Assert.NotNull(Ias.Core.Cycles.VerdictParser.Parse(final.Text, out var why));
        Assert.Null(why);
    }

    private static (IStreamParser Parser, List<AgentEvent> Events) Replay(string cli, string name)
    {
        var clock = new ZonedClock(Now, TimeZoneInfo.Utc);
        var parser = AgentAdapters.Builtin.Find(cli)!.NewParser(clock);
        var events = Cassette.Play(parser, cli, name + ".jsonl");
        foreach (var line in Cassette.Lines(cli, name + ".stderr"))
        {
            parser.ObserveStderr(line);
        }

        return (parser, events);
    }
}
