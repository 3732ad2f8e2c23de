using Ias.Core.Agents;
using Ias.Core.Config;
using Ias.Core.Jobs.Retry;

namespace Ias.Core.Tests.Jobs;

public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly QueueConfig Config = QueueConfig.Defaults with { MaxAttempts = 4, BackoffBase = TimeSpan.FromSeconds(10) };

    [Theory]
    [InlineData(1, 0.0, 5)]
    [InlineData(1, 1.0, 10)]
    [InlineData(2, 0.0, 10)]
    [InlineData(2, 0.5, 15)]
    [InlineData(3, 1.0, 40)]
    public void Backoff_doubles_with_each_attempt_and_its_second_half_is_jitter(int attempt, double random, double seconds)
    {
        var policy = new RetryPolicy(Config, new FixedRandom(random));

        Assert.Equal(TimeSpan.FromSeconds(seconds), policy.Backoff(attempt));
    }

    [Fact]
    public void Backoff_never_grows_beyond_an_hour_or_the_configured_cap()
    {
        var policy = new RetryPolicy(Config, new FixedRandom(1.0));
        var capped = new RetryPolicy(Config with { MaxBackoff = TimeSpan.FromSeconds(2) }, new FixedRandom(1.0));

        Assert.Equal(TimeSpan.FromHours(1), policy.Backoff(30));
        Assert.Equal(TimeSpan.FromHours(1), policy.Backoff(1_000));
        Assert.Equal(TimeSpan.FromSeconds(2), capped.Backoff(30));
    }

    [Theory]
    [InlineData(FailureClass.Transient)]
    [InlineData(FailureClass.Network)]
    [InlineData(FailureClass.Crash)]
    [InlineData(FailureClass.Timeout)]
    [InlineData(FailureClass.Garbage)]
    [InlineData(FailureClass.Unknown)]
    public void Transient_failures_are_retried_until_the_last_attempt(FailureClass failure)
    {
        var policy = new RetryPolicy(Config, new FixedRandom(0.0));

        var early = policy.Decide(failure, 3, Now, null);
        var last = policy.Decide(failure, 4, Now, null);

        Assert.Equal(RetryKind.Retry, early.Kind);
        Assert.Equal(Now + TimeSpan.FromSeconds(20), early.At);
        Assert.Equal(RetryKind.Fail, last.Kind);
        Assert.Contains("gave up after 4 attempt(s) (ias.queue.retry.max_attempts is 4)", last.Why);
    }

    [Theory]
    [InlineData(FailureClass.Auth)]
    [InlineData(FailureClass.Billing)]
    [InlineData(FailureClass.ConfigError)]
    [InlineData(FailureClass.Incomplete)]
    public void Failures_a_person_must_fix_fail_at_the_first_attempt(FailureClass failure)
    {
        var decision = new RetryPolicy(Config, new FixedRandom(0.0)).Decide(failure, 1, Now, null);

        Assert.Equal(RetryKind.Fail, decision.Kind);
        Assert.Contains("retrying cannot help", decision.Why);
    }

    [Fact]
    public void A_usage_limit_parks_until_its_reset_or_an_hour_when_it_gave_none()
    {
        var policy = new RetryPolicy(Config, new FixedRandom(0.0));

        var withReset = policy.Decide(FailureClass.UsageLimit, 4, Now, Now.AddMinutes(42));
        var withoutReset = policy.Decide(FailureClass.UsageLimit, 1, Now, null);

        Assert.Equal((RetryKind.Park, Now.AddMinutes(42)), (withReset.Kind, withReset.At));
        Assert.Equal((RetryKind.Park, Now.AddHours(1)), (withoutReset.Kind, withoutReset.At));
    }
}
