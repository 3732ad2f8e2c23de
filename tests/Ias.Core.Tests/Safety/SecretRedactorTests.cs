using System.Text.Json;
using Ias.Core.Safety;

namespace Ias.Core.Tests.Safety;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("key sk-ant-api03-AbCdEfGhIjKl_mnop-QRST end", "key [REDACTED] end")]
    [InlineData("OPENAI sk-proj-abcdefghijklmnopqrstuvwxyz012", "OPENAI [REDACTED]")]
    [InlineData("sk-abcdefghijklmnopqrstuv", "[REDACTED]")]
    [InlineData("google=AIzaSyA1234567890abcdefghijklmnopqrstu", "google=[REDACTED]")]
    [InlineData("gh ghp_abcdefghijklmnopqrstuvwxyz0123456789 gho_abcdefghijklmnopqrstuvwxyz0123456789", "gh [REDACTED] [REDACTED]")]
    [InlineData("github_pat_11ABCDEFG0abcdefghijklmn_opqrstuvwxyz", "[REDACTED]")]
    [InlineData("Authorization: Bearer eyJhbGciOi.payload.sig==", "Authorization: Bearer [REDACTED]")]
    [InlineData("authorization: bearer abcdefgh12345678", "authorization: bearer [REDACTED]")]
    public void Well_known_key_shapes_are_replaced_by_the_mark(string line, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Patterns.Redact(line));
    }

    [Theory]
    [InlineData("the task-force-abcdefghijklmnopqrstuvwxyz met")]
    [InlineData("risk-assessment-of-the-whole-module-done")]
    [InlineData("sk-short")]
    [InlineData("a bearer of news")]
    [InlineData("AIza is a prefix")]
    public void Ordinary_text_that_only_looks_a_little_like_a_key_is_left_alone(string line)
    {
        Assert.Same(line, SecretRedactor.Patterns.Redact(line));
    }

    [Fact]
    public void Values_of_API_KEY_and_TOKEN_variables_are_redacted_and_other_variables_are_not()
    {
        var redactor = SecretRedactor.For(new Dictionary<string, string>
        {
            ["MY_SERVICE_API_KEY"] = "plainvalue-12345",
            ["slack_token"] = "xoxb-lowercase-name-1",
            ["SHORT_TOKEN"] = "1",
            ["HOME"] = "/home/someone-long-path",
        });

        var line = redactor.Redact("k=plainvalue-12345 t=xoxb-lowercase-name-1 n=1 h=/home/someone-long-path");

        Assert.Equal("k=[REDACTED] t=[REDACTED] n=1 h=/home/someone-long-path", line);
    }

    [Fact]
    public void A_value_with_quotes_and_slashes_is_redacted_inside_a_json_line_and_the_line_stays_valid_json()
    {
        const string Value = "se\"cret/with+odd<chars>";
        var redactor = SecretRedactor.For([new("ODD_TOKEN", Value)]);
        var json = JsonSerializer.Serialize(new { text = $"the token is {Value}, and a key sk-ant-api03-abcdefgh12345" });

        var redacted = redactor.Redact(json);

        Assert.Equal("the token is [REDACTED], and a key [REDACTED]", JsonDocument.Parse(redacted).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void A_child_inherits_the_secrets_of_this_process_and_its_overlay()
    {
        var redactor = SecretRedactor.ForChild(new Dictionary<string, string> { ["AGENT_API_KEY"] = "overlay-secret-value" });

        Assert.Equal("[REDACTED]", redactor.Redact("overlay-secret-value"));
    }
}
