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

        { "codex", "recorded-usage-limit-days-ahead", FailureClass.UsageLimit },
        { "codex", "recorded-usage-limit-this-minute", FailureClass.UsageLimit },
        { "gemini", "recorded-billing-disabled", FailureClass.Billing },

        // Gemini refuses to start with exit 41 before printing any event; the code alone says why.
        { "gemini", "recorded-no-auth", FailureClass.Auth },
        { "gemini", "recorded-no-api-key", FailureClass.Auth },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_recorded_failure_of_the_real_cli_is_read_as_its_class(string cli, string name, FailureClass? expected)
    {
        var (parser, events, _) = Replay(cli, name);

        var final = events.OfType<FinalResult>().LastOrDefault();
        Assert.Equal(expected, final?.FailureClass ?? parser.StderrHint);
        Assert.False(final?.Success ?? false);
    }

    [Theory]
    [InlineData("claude", "recorded-usage-limit")]
    [InlineData("codex", "recorded-usage-limit")]
    [InlineData("gemini", "recorded-usage-limit")]
    [InlineData("codex", "recorded-usage-limit-days-ahead")]
    [InlineData("codex", "recorded-usage-limit-this-minute")]
    public void A_recorded_usage_limit_waits_until_the_reset_the_cli_named(string cli, string name)
    {
        var (parser, _, clock) = Replay(cli, name);

        var expected = (cli, name) switch
        {
            // The fake API says "reset at 5am (UTC)": claude passes it on, and at 06:00 that is tomorrow's 5am, never the past.
            ("claude", "recorded-usage-limit") => new DateTimeOffset(2026, 11, 23, 5, 0, 0, TimeSpan.Zero),

            // Codex ("Try again later") and gemini ("exhausted your daily quota") name no time, so the wait is an hour.
            (_, "recorded-usage-limit") => Now.AddHours(1),

            // "Try again at Nov 26th, 2026 12:10 AM": the API named ten past midnight, three days after the day it answered.
            (_, "recorded-usage-limit-days-ahead") => TenPastMidnight(clock, days: 3),

            // "Try again at 10:52 AM", printed in that very minute: the reset is now, not tomorrow.
            _ => clock.GetUtcNow(),
        };
        Assert.Equal(expected, parser.UsageLimitResetsAt);
    }

    [Theory]
    [InlineData("recorded-no-auth")]
    [InlineData("recorded-no-api-key")]
    public void Gemini_that_refused_to_start_without_a_login_says_how_to_choose_one_in_one_line(string name)
    {
        var (_, events, _) = Replay("gemini", name);

        var final = Assert.Single(events.OfType<FinalResult>());
        Assert.Contains("security.auth.selectedType", final.Text);
        Assert.Contains("GEMINI_API_KEY", final.Text);
        Assert.DoesNotContain('\n', final.Text);
    }

    [Theory]
    [InlineData("claude")]
    [InlineData("codex")]
    [InlineData("gemini")]
    public void A_recorded_implement_turn_reads_as_a_session_a_tool_call_and_a_successful_result(string cli)
    {
        var (parser, events, _) = Replay(cli, "recorded-implement");

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
        var (_, events, _) = Replay(cli, "recorded-review");

        var final = Assert.Single(events.OfType<FinalResult>());
        Assert.True(final.Success);
        Assert.NotNull(Ias.Core.Cycles.Findings.VerdictParser.Parse(final.Text, out var why));
        Assert.Null(why);
    }

    // Replayed at the instant and in the zone it was recorded in, when its words depend on them; else at a fixed Now in UTC.
    private static (IStreamParser Parser, List<AgentEvent> Events, TimeProvider Clock) Replay(string cli, string name)
    {
        var clock = Cassette.Clock(cli, name) is (var now, var zone) ? new ZonedClock(now, zone) : new ZonedClock(Now, TimeZoneInfo.Utc);
        var parser = AgentAdapters.Builtin.Find(cli)!.NewParser(clock);
        var events = Cassette.Play(parser, cli, name + ".jsonl");
        foreach (var line in Cassette.Lines(cli, name + ".stderr"))
        {
            parser.ObserveStderr(line);
        }

        // As the invoker does: a run that printed no result is judged by its exit code, where the CLI documents one.
        if (!events.OfType<FinalResult>().Any() && Cassette.ExitCode(cli, name) is { } exitCode && parser.Finish(exitCode) is { } finished)
        {
            events.Add(finished);
        }

        return (parser, events, clock);
    }

    private static DateTimeOffset TenPastMidnight(TimeProvider clock, int days)
    {
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), clock.LocalTimeZone).Date.AddDays(days).AddMinutes(10);
        return new DateTimeOffset(local, clock.LocalTimeZone.GetUtcOffset(local));
    }
}
