using System.Globalization;
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
    [InlineData("Failed to authenticate", FailureClass.Auth)]
    [InlineData("Login expired · Run /login to sign in again, or re-authenticate your Anthropic profile", FailureClass.Auth)]
    [InlineData("Authentication error · This may be a temporary network issue, please try again", FailureClass.Network)]
    [InlineData("You're out of usage credits", FailureClass.Billing)]
    [InlineData("You've hit your fast limit", FailureClass.UsageLimit)]
    [InlineData("spend limit reached · resets Aug 8 · request an increase", FailureClass.UsageLimit)]
    [InlineData("Automatic continue stopped after repeated usage-limit hits · /rate-limit-options to try again", FailureClass.UsageLimit)]
    // codex
    [InlineData("You've hit your usage limit. Upgrade to Pro or try again at 5:24 PM.", FailureClass.UsageLimit)]
    [InlineData("unexpected status 401 Unauthorized: Missing bearer or basic authentication in header", FailureClass.Auth)]
    [InlineData("Quota exceeded. Check your plan and billing details.", FailureClass.Billing)]
    [InlineData("exceeded retry limit, last status: 429 Too Many Requests", FailureClass.Transient)]
    [InlineData("stream disconnected before completion: error sending request for url", FailureClass.Network)]
    [InlineData("Codex ran out of room in the model's context window.", FailureClass.Incomplete)]
    [InlineData("error: unexpected argument '--frobnicate' found", FailureClass.ConfigError)]
    // codex with a model provider whose env_key names a variable its environment lacks
    [InlineData("Missing environment variable: `MYPROXY_API_KEY`. Create an API key and export it as an environment variable.", FailureClass.ConfigError)]
    [InlineData("error: unrecognized subcommand 'frobnicate'", FailureClass.ConfigError)]
    // gemini
    [InlineData("[API Error: API key not valid. Please pass a valid API key.]", FailureClass.Auth)]
    [InlineData("Quota exceeded for quota metric 'Gemini 2.5 Pro Requests' and limit 'Requests per day per user'", FailureClass.UsageLimit)]
    [InlineData("[API Error: The model is overloaded. Please try again later. (status: UNAVAILABLE)]", FailureClass.Transient)]
    [InlineData("Reached max session turns for this session.", FailureClass.Incomplete)]
    [InlineData("Unknown arguments: skip-trust, skipTrust", FailureClass.ConfigError)]
    // the simulated agent
    [InlineData("ias: sim scenario /repo/.ias/sim.json: '}' is invalid after a value; fix the JSON (keys are snake_case)", FailureClass.ConfigError)]
    [InlineData("Please wait and try again later. To increase your limits, request a quota increase through AI Studio, or switch to another /auth method", FailureClass.Transient)]
    [InlineData("Execution limit reached (MAX_TURNS). Attempting one final recovery turn with a grace period.", FailureClass.Incomplete)]
    [InlineData("getaddrinfo ENOTFOUND generativelanguage.googleapis.com", FailureClass.Network)]
    [InlineData("[API Error: {\"error\":{\"code\":403,\"message\":\"This API method requires billing to be enabled.\",\"status\":\"PERMISSION_DENIED\"}}]", FailureClass.Billing)]
    [InlineData("[API Error: {\"error\":{\"code\":403,\"message\":\"Your project has been denied access. Please contact support.\",\"status\":\"PERMISSION_DENIED\"}}]", FailureClass.Billing)]
    [InlineData("Your project has been denied access. Please contact support.", FailureClass.Billing)]
    [InlineData("{\"error\": {\"code\": 403, \"message\": \"Cloud billing is disabled for project 1234.\", \"status\": \"PERMISSION_DENIED\"}}", FailureClass.Billing)]
    [InlineData("Please set an Auth method in your /home/u/.gemini/settings.json or specify one of the following environment variables before running: GEMINI_API_KEY, GOOGLE_GENAI_USE_VERTEXAI, GOOGLE_GENAI_USE_GCA", FailureClass.Auth)]
    public void Each_known_phrasing_maps_to_its_class(string text, FailureClass expected)
    {
        Assert.Equal(expected, Classifier().Classify(text)?.Class);
    }

    [Fact]
    public void A_missing_variable_is_said_with_its_name_and_the_way_to_let_it_in_and_other_words_are_left_as_they_are()
    {
        Assert.Equal(
            "needs the variable MYPROXY_API_KEY, which its box does not have: export it and add MYPROXY_API_KEY to ias.sandbox.allow in .loa.config.yaml (Missing environment variable: `MYPROXY_API_KEY`.)",
            FailureClassifier.Explained("Missing environment variable: `MYPROXY_API_KEY`."));
        Assert.Equal("error: unknown option '--frobnicate'", FailureClassifier.Explained("error: unknown option '--frobnicate'"));
    }

    [Fact]
    public void Text_naming_no_known_failure_has_no_class()
    {
        Assert.Null(Classifier().Classify("Process exited unexpectedly"));

        // A path with "DnS" in a random temp name once read as a DNS failure and turned a stall into a network error.
        Assert.Null(Classifier().Classify("WARNING: could not create PATH aliases under \"/tmp/ias-test-1DnSAz/home/.codex\""));
        Assert.Equal(FailureClass.Network, Classifier().Classify("DNS error: failed to lookup address")?.Class);

        // Node's warning about a setting, and gemini's safety stop of one answer: neither is the account refused.
        Assert.Null(Classifier().Classify("Setting the NODE_TLS_REJECT_UNAUTHORIZED environment variable to '0' makes TLS connections insecure"));
        Assert.Null(Classifier().Classify("Response stopped due to forbidden terms."));
    }

    // Each row: the clock (UTC), what the CLI printed, and when ias reads the limit as reset.
    [Theory]
    // codex's dates, with the day's ordinal
    [InlineData("2026-11-22T06:00:00Z", "You've hit your usage limit. Try again at Nov 26th, 2026 12:10 AM.", "2026-11-26T00:10:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "or try again at Dec 1st, 2026 3:00 PM.", "2026-12-01T15:00:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "Try again at Dec 2nd, 2026 12:10 PM.", "2026-12-02T12:10:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "Try again at Dec 3rd, 2026 9:05 AM.", "2026-12-03T09:05:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "Try again at Dec 4th, 2026 11:59 PM.", "2026-12-04T23:59:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "Try again at Dec 11th, 2026 1:00 AM.", "2026-12-11T01:00:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "Try again at Dec 12th, 2026 1:00 AM.", "2026-12-12T01:00:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "Try again at Dec 13th, 2026 1:00 AM.", "2026-12-13T01:00:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "Try again at Dec 21st, 2026 1:00 AM.", "2026-12-21T01:00:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "Try again at Dec 22nd, 2026 1:00 AM.", "2026-12-22T01:00:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "Try again at Dec 23rd, 2026 1:00 AM.", "2026-12-23T01:00:00Z")]
    // other absolute forms: no ordinal, a long month, no year, ISO, claude's, a zone of the text's own
    [InlineData("2026-11-22T06:00:00Z", "Try again at Nov 26, 2026 12:10 AM.", "2026-11-26T00:10:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "Your limit resets on November 26th at 12:10 AM.", "2026-11-26T00:10:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "limit reached, resets 2026-11-26 00:10", "2026-11-26T00:10:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "limit reached, resets at 2026-11-26T02:10:00+02:00", "2026-11-26T00:10:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "You've hit your limit · resets Nov 26, 12:10am (UTC)", "2026-11-26T00:10:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "You've hit your weekly limit · resets Nov 29, 5pm", "2026-11-29T17:00:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "You've hit your limit · resets 9am (Europe/Berlin)", "2026-11-22T08:00:00Z")]
    // a year's turn: a date without a year that has gone by is next year's
    [InlineData("2026-12-28T10:00:00Z", "Try again at Jan 2nd 12:10 AM.", "2027-01-02T00:10:00Z")]
    [InlineData("2026-12-28T10:00:00Z", "resets Jan 2, 2027, 5am", "2027-01-02T05:00:00Z")]
    // 12 AM is midnight, 12 PM noon
    [InlineData("2026-11-22T06:00:00Z", "Try again at 12:10 AM.", "2026-11-23T00:10:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "Try again at 12:10 PM.", "2026-11-22T12:10:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "resets 12am", "2026-11-23T00:00:00Z")]
    // the current minute is now; a minute over for longer than a reading takes is tomorrow's
    [InlineData("2026-11-22T05:00:30Z", "resets 5:00am", "2026-11-22T05:00:30Z")]
    [InlineData("2026-11-22T05:00:30Z", "resets 5am", "2026-11-22T05:00:30Z")]
    [InlineData("2026-11-22T10:52:59Z", "Try again at 10:52 AM.", "2026-11-22T10:52:59Z")]
    [InlineData("2026-11-22T05:00:02Z", "resets 4:59am", "2026-11-22T05:00:02Z")]
    [InlineData("2026-11-22T05:00:30Z", "resets 4:59am", "2026-11-23T04:59:00Z")]
    [InlineData("2026-11-22T05:01:00Z", "Try again at Nov 22nd, 2026 5:00 AM.", "2026-11-22T05:01:00Z")]
    // spans
    [InlineData("2026-11-22T06:00:00Z", "You've hit your usage limit. Try again in 3 days.", "2026-11-25T06:00:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "limit reached, resets in 2 days 4 hours", "2026-11-24T10:00:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "try again in 45 minutes", "2026-11-22T06:45:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "resets in 3h20m", "2026-11-22T09:20:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "available again in 1 week", "2026-11-29T06:00:00Z")]
    // what cannot be read, or cannot be right, waits an hour; a stale date has reset already
    [InlineData("2026-11-22T06:00:00Z", "try again in 3 months", "2026-11-22T07:00:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "Try again at Nov 26th, 2031 12:10 AM.", "2026-11-22T07:00:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "Try again at Feb 30th, 2027 12:10 AM.", "2026-11-22T07:00:00Z")]
    [InlineData("2026-11-22T06:00:00Z", "Try again at Nov 20th, 2026 12:10 AM.", "2026-11-22T06:00:00Z")]
    public void A_reset_time_is_read_from_the_words_the_cli_printed(string now, string text, string resets)
    {
        var classifier = new FailureClassifier(new ZonedClock(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture), TimeZoneInfo.Utc));

        Assert.Equal(DateTimeOffset.Parse(resets, CultureInfo.InvariantCulture), classifier.ResetTime(text));
    }

    [Fact]
    public void A_date_without_a_zone_is_read_in_the_local_time_zone()
    {
        var plusTwo = TimeZoneInfo.CreateCustomTimeZone("plus-two", TimeSpan.FromHours(2), "plus-two", "plus-two");
        var classifier = new FailureClassifier(new ZonedClock(Now, plusTwo));

        // Ten past midnight there is ten past ten the evening before in UTC.
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 22, 10, 0, TimeSpan.Zero), classifier.ResetTime("Try again at Nov 26th, 2026 12:10 AM."));
    }

    [Fact]
    public void A_printed_reset_is_never_in_the_past_and_never_more_than_a_year_ahead()
    {
        string[] texts =
        [
            "resets 5am", "Try again at 12:10 AM.", "Try again at 11:59 PM.", "resets 4:59am (UTC)", "Try again at Nov 26th, 2026 12:10 AM.",
            "resets Jan 2nd 12:10 AM", "resets Dec 31, 11:59pm", "resets 2026-11-23 00:00", "try again in 2 days 4 hours", "try again at Feb 29 5am",
        ];
        var zones = new[] { TimeZoneInfo.Utc, TimeZoneInfo.CreateCustomTimeZone("minus-five", TimeSpan.FromHours(-5), "minus-five", "minus-five") };

        // Every 97 minutes and 13 seconds over more than a year, so the clock lands on every minute's second, hour and month.
        for (var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero); now.Year < 2028; now += new TimeSpan(1, 37, 13))
        {
            foreach (var zone in zones)
            {
                var classifier = new FailureClassifier(new ZonedClock(now, zone));
                foreach (var text in texts)
                {
                    var reset = classifier.ResetTime(text);
                    Assert.True(reset >= now && reset <= now.AddDays(366), $"\"{text}\" read at {now:O} in {zone.Id} resets {reset:O}");
                }
            }
        }
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
