using Ias.Core.Safety.Secrets;

namespace Ias.Core.Tests.Safety.Secrets;

/// <summary>A stream passes a line on without making it a string only when redaction would not change it.</summary>
public sealed class RedactionFastPathTests
{
    [Theory]
    [InlineData("key sk-ant-api03-AbCdEfGhIjKl_mnop-QRST end")]
    [InlineData("OPENAI sk-proj-abcdefghijklmnopqrstuvwxyz012")]
    [InlineData("sk-abcdefghijklmnopqrstuv")]
    [InlineData("google=AIzaSyA1234567890abcdefghijklmnopqrstu")]
    [InlineData("gh ghp_abcdefghijklmnopqrstuvwxyz0123456789 gho_abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("github_pat_11ABCDEFG0abcdefghijklmn_opqrstuvwxyz")]
    [InlineData("Authorization: Bearer eyJhbGciOi.payload.sig==")]
    [InlineData("authorization: bearer abcdefgh12345678")]
    [InlineData("aws AKIAIOSFODNN7EXAMPLE done")]
    [InlineData("session ASIAY34FZKBOKMUTVV7A")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("\"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\",")]
    [InlineData("git clone https://alice:s3cr3t-pass@github.com/acme/x.git")]
    [InlineData("DATABASE_URL=postgres://app:p@ss:w0rd@db.internal:5432/app")]
    [InlineData("push to https://:ghs_token-value@github.com/x")]
    [InlineData("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U ok")]
    [InlineData("slack xoxb-0000000000-0000000000000-FAKEfakeFAKEfake")]
    [InlineData("slack xoxp-0000000000-FAKEfakeFAKE xoxa-2-FAKEfakeFAKE xoxr-FAKEfakeFAKE")]
    [InlineData("app xapp-1-A0000000000-0000000000000-fakefakefake")]
    [InlineData("stripe sk_live_FAKE00000000000000000000 rk_live_FAKE00000000000000000000 sk_test_FAKE0000000000000000")]
    [InlineData("//registry.npmjs.org/:_authToken=npm_FAKEabcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("npm npm_FAKEabcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("pypi pypi-AgEIcHlwaS5vcmcCJDAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMAACKlsz")]
    [InlineData("DB_PASSWORD=\"hunter2\"")]
    [InlineData("password=hunter2")]
    [InlineData("Password: hunter2")]
    [InlineData("client_secret: 'correct horse battery'")]
    [InlineData("{\"api_key\": \"abc123\", \"n\": 1}")]
    [InlineData("GITHUB_TOKEN=abcdef; next")]
    [InlineData("SECRET_KEY = 'django-insecure-x'")]
    [InlineData("""{"text":"the key:\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA"}""")]
    [InlineData("""{"command":"curl https:\/\/bob:pw-1234@host\/x"}""")]
    public void A_line_with_a_secret_never_passes_as_it_is(string line)
    {
        var stream = SecretRedactor.Patterns.ForStream();

        Assert.False(stream.Passes(line));
        Assert.NotEqual(line, stream.Redact(line));
    }

    [Theory]
    [InlineData("""{"type":"result","usage":{"input_tokens":12,"output_tokens":3},"total_cost_usd":0.5}""")]
    [InlineData("""{"type":"assistant","message":{"content":[{"type":"text","text":"Reading src/feature.txt first."}]}}""")]
    [InlineData("a list of tokenizers and passwords-policy notes")]
    [InlineData("")]
    [InlineData("café → ünïcode")]
    public void A_line_that_passes_is_the_line_redaction_returns(string line)
    {
        var stream = SecretRedactor.Patterns.ForStream();

        Assert.True(stream.Passes(line));
        Assert.Same(line, stream.Redact(line));
    }

    [Fact]
    public void A_value_of_the_childs_key_variables_keeps_a_line_from_passing()
    {
        var stream = SecretRedactor.For([new("MY_API_KEY", "plainvalue123")]).ForStream();

        Assert.False(stream.Passes("echo plainvalue123"));
        Assert.Equal("echo [REDACTED]", stream.Redact("echo plainvalue123"));
    }

    [Fact]
    public void Inside_a_private_key_block_no_line_passes()
    {
        var stream = SecretRedactor.Patterns.ForStream();
        stream.Redact("-----BEGIN PRIVATE KEY-----");

        Assert.False(stream.Passes("MIIEvQIBADANBgkqhkiG9w0B"));
        Assert.Equal(SecretRedactor.Mark, stream.Redact("MIIEvQIBADANBgkqhkiG9w0B"));
    }
}
