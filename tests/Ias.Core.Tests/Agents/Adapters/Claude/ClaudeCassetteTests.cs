using Ias.Core.Agents;
using Ias.Core.Agents.Adapters.Claude;

namespace Ias.Core.Tests.Agents.Adapters.Claude;

public sealed class ClaudeCassetteTests
{
    [Fact]
    public void A_low_credit_balance_is_a_billing_failure()
    {
        var final = Assert.Single(Cassette.Play(new ClaudeStreamParser(), "claude", "documented-billing.jsonl").OfType<FinalResult>());

        Assert.False(final.Success);
        Assert.Equal(FailureClass.Billing, final.FailureClass);
    }

    [Fact]
    public void The_turn_limit_ends_incomplete_with_its_reason()
    {
        var final = Assert.Single(Cassette.Play(new ClaudeStreamParser(), "claude", "documented-max-turns.jsonl").OfType<FinalResult>());

        Assert.Equal(FailureClass.Incomplete, final.FailureClass);
        Assert.Equal("error_max_turns", final.Text);
    }

    [Fact]
    public void A_bad_flag_on_stderr_is_a_config_error()
    {
        var parser = new ClaudeStreamParser();

        parser.ObserveStderr("error: unknown option '--frobnicate'");

        Assert.Equal(FailureClass.ConfigError, parser.StderrHint);
    }
}
