using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;

namespace Ias.Core.Tests.Agents.Adapters;

public sealed class FailureClassifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    private static FailureClassifier Classifier() => new(new ZonedClock(Now, TimeZoneInfo.Utc));

    [Theory]
    // claude
    [InlineData("Invalid API key · Please run /login", FailureClass.Auth)]
    [InlineData("API Error: 401 {\"type\":\"error\",\"error\":{\"type\":\"authentication_error\"}}", FailureClass.Auth)]
    [InlineData("Credit balance is too low", FailureClass.Billing)]
    [InlineData("Claude AI usage limit reached|1795000000", FailureClass.UsageLimit)]
    [InlineData("5-hour limit reached ∙ resets 5:24am", FailureClass.UsageLimit)]
    [InlineData("API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", FailureClass.Transient)]
    [InlineData("API Error: Connection error. (ECONNREFUSED)", FailureClass.Network)]
    [InlineData("Prompt is too long", FailureClass.Incomplete)]
    [InlineData("error: unknown option '--frobnicate'", FailureClass.ConfigError)]
    [InlineData("--dangerously-skip-permissions cannot be used with root/sudo privileges for security reasons", FailureClass.ConfigError)]
    // codex
    [InlineData("You've hit your usage limit. Upgrade to Pro or try again at 5:24 PM.", FailureClass.UsageLimit)]
    [InlineData("unexpected status 401 Unauthorized: Missing bearer or basic authentication in header", FailureClass.Auth)]
    [InlineData("Quota exceeded. Check your plan and billing details.", FailureClass.Billing)]
    [InlineData("exceeded retry limit, last status: 429 Too Many Requests", FailureClass.Transient)]
    [InlineData("stream disconnected before completion: error sending request for url", FailureClass.Network)]
    [InlineData("Codex ran out of room in the model's context window.", FailureClass.Incomplete)]
    [InlineData("error: unexpected argument '--frobnicate' found", FailureClass.ConfigError)]
    // gemini
    [InlineData("[API Error: API key not valid. Please pass a valid API key.]", FailureClass.Auth)]
    [InlineData("Quota exceeded for quota metric 'Gemini 2.5 Pro Requests' and limit 'Requests per day per user'", FailureClass.UsageLimit)]
    [InlineData("[API Error: The model is overloaded. Please try again later. (status: UNAVAILABLE)]", FailureClass.Transient)]
    [InlineData("Reached max session turns for this session.", FailureClass.Incomplete)]
    [InlineData("Unknown arguments: skip-trust, skipTrust", FailureClass.ConfigError)]
    [InlineData("getaddrinfo ENOTFOUND generativelanguage.googleapis.com", FailureClass.Network)]
    public void Each_known_phrasing_maps_to_its_class(string text, FailureClass expected)
    {
        Assert.Equal(expected, Classifier().Classify(text)?.Class);
    }

    [Fact]
    public void Text_naming_no_known_failure_has_no_class()
    {
        Assert.Null(Classifier().Classify("Process exited unexpectedly"));

        // A path with "DnS" in a random temp name once read as a DNS failure and turned a stall into a network error.
        Assert.Null(Classifier().Classify("WARNING: could not create PATH aliases under \"/tmp/ias-test-1DnSAz/home/.codex\""));
        Assert.Equal(FailureClass.Network, Classifier().Classify("DNS error: failed to lookup address")?.Class);
    }

    [Fact]
    public void A_reset_time_later_today_is_today()
    {
        var reset = Classifier().ResetTime("limit reached, resets 8:30am");

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 30, 0, TimeSpan.Zero), reset);
    }

    [Fact]
    public void A_reset_time_earlier_than_now_is_tomorrow()
    {
        var reset = Classifier().ResetTime("try again at 5:24 AM");

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 5, 24, 0, TimeSpan.Zero), reset);
    }

    [Fact]
    public void A_pm_reset_time_is_after_noon()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 17, 0, 0, TimeSpan.Zero), Classifier().ResetTime("try again at 5 PM"));
    }

    [Fact]
    public void A_reset_time_is_read_in_the_local_time_zone()
    {
        var plusTwo = TimeZoneInfo.CreateCustomTimeZone("plus-two", TimeSpan.FromHours(2), "plus-two", "plus-two");
        var classifier = new FailureClassifier(new ZonedClock(Now, plusTwo));

        // 06:00 UTC is 08:00 there, so 9am local is 07:00 UTC today.
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 7, 0, 0, TimeSpan.Zero), classifier.ResetTime("resets 9am"));
    }

    [Fact]
    public void A_relative_reset_counts_from_now()
    {
        Assert.Equal(Now + new TimeSpan(4, 3, 0, 0), Classifier().ResetTime("try again in 4 days 3 hours"));
    }

    [Fact]
    public void Claude_epoch_reset_is_taken_as_is()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000000), Classifier().ResetTime("Claude AI usage limit reached|1795000000"));
    }

    [Fact]
    public void An_unreadable_reset_is_an_hour_ahead()
    {
        Assert.Equal(Now.AddHours(1), Classifier().ResetTime("You've hit your usage limit."));
    }

    [Fact]
    public void A_usage_limit_comes_with_its_reset_time()
    {
        var found = Classifier().Classify("You've hit your usage limit. Try again at 5:24 PM.");

        Assert.Equal(new Classified(FailureClass.UsageLimit, new DateTimeOffset(2026, 11, 22, 17, 24, 0, TimeSpan.Zero)), found);
    }
}
