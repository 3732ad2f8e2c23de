using Ias.Core.Guardrails;

namespace Ias.Core.Tests.Guardrails;

public sealed class PiiFilterTests
{
    [Fact]
    public void Email_ssn_phone_card_and_public_ip_are_replaced_by_marks_naming_their_kind_and_counted()
    {
        const string Text = """
            Ask jane.doe+ops@acme-corp.com or bob@mail.acme.co.uk before shipping.
            Customer SSN 078-05-1120 must never reach the logs.
            Call (415) 555-0132 or +44 20 7946 0958.
            Test card 4111 1111 1111 1111; the server at 8.8.4.4 answers.
            """;

        var r = PiiFilter.Redact(Text);

        Assert.Equal("""
            Ask [REDACTED_EMAIL] or [REDACTED_EMAIL] before shipping.
            Customer SSN [REDACTED_SSN] must never reach the logs.
            Call [REDACTED_PHONE] or [REDACTED_PHONE].
            Test card [REDACTED_CREDIT_CARD]; the server at [REDACTED_IP_ADDRESS] answers.
            """, r.Text);
        Assert.Equal(new Dictionary<string, int> { ["email"] = 2, ["ssn"] = 1, ["phone"] = 2, ["credit_card"] = 1, ["ip_address"] = 1 }, r.Counts);
        Assert.Equal(7, r.Total);
    }

    [Theory]
    [InlineData("415-555-0132")]
    [InlineData("415.555.0132")]
    [InlineData("+1 415 555 0132")]
    [InlineData("1-800-555-0199")]
    [InlineData("+49 30 1234567")]
    public void North_american_and_international_phone_numbers_are_redacted(string phone)
    {
        Assert.Equal("call [REDACTED_PHONE] today", PiiFilter.Redact($"call {phone} today").Text);
    }

    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("5500-0000-0000-0004")]
    [InlineData("3782 822463 10005")]
    public void Card_numbers_that_pass_the_luhn_check_are_redacted(string card)
    {
        Assert.Equal("pay with [REDACTED_CREDIT_CARD].", PiiFilter.Redact($"pay with {card}.").Text);
    }

    [Theory]
    [InlineData("order 4111111111111112 shipped")] // fails the Luhn check
    [InlineData("snowflake id 1234567890123456789")] // starts with 1: no card does
    [InlineData("ssn 666-12-3456 and 123-00-4567 are never issued")]
    [InlineData("the epoch 1700000000 is a time, not a phone")]
    [InlineData("released on 2024-01-15 at 10:30")]
    [InlineData("bind to 127.0.0.1, 10.0.3.7, 192.168.1.20 or 0.0.0.0")]
    [InlineData("docs use 203.0.113.5 and 198.51.100.7")]
    [InlineData("bump to v1.2.3.4 and 1.2.3.4.5")]
    [InlineData("clone git@github.com:acme/app.git")]
    [InlineData("ship logo@2x.png and react@18.2.0")]
    [InlineData("use @types/node and user@localhost")]
    [InlineData("retry 3 times with 250 ms between attempts")]
    public void Ordinary_sprint_text_that_only_looks_like_personal_data_is_left_alone(string text)
    {
        var r = PiiFilter.Redact(text);

        Assert.Equal(text, r.Text);
        Assert.Empty(r.Counts);
    }

    [Fact]
    public void Keys_and_tokens_are_redacted_with_the_secret_shapes_of_agent_output_and_counted_as_secrets()
    {
        var r = PiiFilter.Redact("use sk-ant-api03-abcdefghijklmnop and password: \"hunter2hunter2\" for [REDACTED] things");

        Assert.Equal("use [REDACTED] and password: \"[REDACTED]\" for [REDACTED] things", r.Text);
        Assert.Equal(new Dictionary<string, int> { ["secret"] = 2 }, r.Counts);
    }
}
