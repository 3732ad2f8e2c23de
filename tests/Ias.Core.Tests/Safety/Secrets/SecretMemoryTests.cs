using System.Text.Json;
using Ias.Core.Safety.Secrets;

namespace Ias.Core.Tests.Safety.Secrets;

/// <summary>A value recognised once by its context is redacted bare afterwards, in every redactor sharing the memory.</summary>
public sealed class SecretMemoryTests
{
    private static SecretRedactor Redactor(SecretMemory memory) => SecretRedactor.For([], memory);

    [Theory]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("password: hunter2hunter2xq9", "hunter2hunter2xq9")]
    [InlineData("Authorization: Bearer opaque-token-0123456789", "opaque-token-0123456789")]
    [InlineData("git clone https://deploy:pw-0123456789@git.example.com/x.git", "pw-0123456789")]
    [InlineData("{\"api_key\": \"k3y-value-0123\"}", "k3y-value-0123")]
    [InlineData("DefaultEndpointsProtocol=https;AccountKey=FAKEa2V5IGZvciB0ZXN0cw==;x=y", "FAKEa2V5IGZvciB0ZXN0cw==")]
    public void A_value_seen_with_its_context_is_redacted_bare_in_later_lines_and_streams(string first, string value)
    {
        var memory = new SecretMemory();
        var one = Redactor(memory).ForStream();
        Assert.DoesNotContain(value, one.Redact(first), StringComparison.Ordinal);

        Assert.Equal("later [REDACTED] again", one.Redact($"later {value} again"));
        Assert.Equal("[REDACTED]", Redactor(memory).ForStream().Redact(value));
        Assert.False(Redactor(memory).ForStream().Passes($"x {value}"));
        Assert.Equal($"x {value}", Redactor(new SecretMemory()).Redact($"x {value}"));
    }

    [Fact]
    public void A_value_learned_in_a_text_is_redacted_where_it_stood_bare_earlier_in_that_text()
    {
        var redactor = Redactor(new SecretMemory());

        Assert.Equal("echo [REDACTED]\npassword=[REDACTED]", redactor.Redact("echo s3cret-value-9\npassword=s3cret-value-9"));
    }

    [Fact]
    public void The_lines_of_a_private_key_are_redacted_bare_later_from_a_stream_and_from_one_text()
    {
        const string Line1 = "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB";
        const string Line2 = "aFDrBz9vFqU4yQ0123456789abcdef";
        var memory = new SecretMemory();
        var stream = Redactor(memory).ForStream();
        foreach (var line in new[] { "-----BEGIN RSA PRIVATE KEY-----", Line1, "-----END RSA PRIVATE KEY-----" })
        {
            stream.Redact(line);
        }

        Assert.Equal("[REDACTED]", Redactor(memory).ForStream().Redact(Line1));

        var other = new SecretMemory();
        Redactor(other).Redact($"{{\"text\":\"-----BEGIN PRIVATE KEY-----\\n{Line2}\\n-----END PRIVATE KEY-----\"}}");
        Assert.Equal("cat [REDACTED]", Redactor(other).Redact($"cat {Line2}"));
    }

    [Fact]
    public void A_value_written_with_json_escapes_is_learned_decoded_and_escaped()
    {
        var memory = new SecretMemory();
        var redactor = Redactor(memory);
        redactor.Redact("""{"text":"password=\"p4ss/w0rd+x\""}""");

        Assert.Equal("[REDACTED]", redactor.Redact("p4ss/w0rd+x"));
        var json = JsonSerializer.Serialize(new { text = "again p4ss/w0rd+x" });
        Assert.Equal("again [REDACTED]", JsonDocument.Parse(redactor.Redact(json)).RootElement.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("const password = config.password;", "config.password")]
    [InlineData("token: ${DEPLOY_TOKEN}", "${DEPLOY_TOKEN}")]
    [InlineData("password: ********", "********")]
    [InlineData("\"password\": \"Please enter your password\"", "Please enter your password")]
    [InlineData("token = getAccessToken", "getAccessToken")]
    [InlineData("password=short1", "short1")]
    public void Names_placeholders_prose_and_short_values_are_not_learned(string first, string bare)
    {
        var memory = new SecretMemory();
        Redactor(memory).Redact(first);

        Assert.Equal(0, memory.Count);
        Assert.Equal($"use {bare} here", Redactor(memory).Redact($"use {bare} here"));
    }

    [Fact]
    public void A_shape_known_by_itself_is_not_learned_and_the_patterns_remember_nothing()
    {
        var memory = new SecretMemory();
        Redactor(memory).Redact("key AKIAIOSFODNN7EXAMPLE");
        SecretRedactor.Patterns.Redact("password: hunter2hunter2xq9");

        Assert.Equal(0, memory.Count);
        Assert.Equal("hunter2hunter2xq9", SecretRedactor.Patterns.Redact("hunter2hunter2xq9"));
    }

    [Fact]
    public void The_memory_stops_learning_at_its_capacity()
    {
        var memory = new SecretMemory();
        var redactor = Redactor(memory);
        for (var i = 0; i < SecretMemory.Capacity; i++)
        {
            redactor.Redact($"password=value-{i:D6}");
        }

        Assert.True(memory.Count <= SecretMemory.Capacity);
        Assert.Equal("password=[REDACTED]", redactor.Redact("password=value-late-1"));
    }

    [Fact]
    public void This_processs_memory_is_shared_by_a_childs_redactor_and_the_one_for_outgoing_text()
    {
        const string Value = "shared-0f9e8d7c6b5a";
        SecretRedactor.ForChild(new Dictionary<string, string>()).ForStream().Redact($"export DB_PASSWORD={Value}");

        Assert.Equal("subject [REDACTED]", SecretRedactor.ForThisProcess().Redact($"subject {Value}"));
    }

    /// <summary>
    /// An agent's line may carry half of a surrogate pair, raw in its text or as a JSON escape (\ud800). A raw one's value
    /// is learned with its escaped form; an escaped one's is redacted where it stands (a value written with a backslash is
    /// learned only decoded, and System.Text.Json decodes no half pair); neither the line nor the memory throws. (The values
    /// are built here, not passed as a theory's data, whose names a test log writes as XML, which has no lone surrogate.)
    /// </summary>
    [Fact]
    public void A_value_with_a_lone_surrogate_is_redacted_and_learned_without_throwing()
    {
        var raw = "pw-" + '\ud800' + "-0123456789";
        var memory = new SecretMemory();

        Assert.Equal("password: [REDACTED]", Redactor(memory).ForStream().Redact($"password: {raw}"));
        Assert.Equal("later [REDACTED]", Redactor(memory).ForStream().Redact($"later {raw}"));
        Assert.Equal("{\"text\":\"[REDACTED]\"}", Redactor(memory).ForStream().Redact("{\"text\":\"pw-\\ud800-0123456789\"}"));

        foreach (var line in new[] { "password: pw-\\ud800-0123456789", "{\"api_key\": \"k3y-\\udc00-0123\"}" })
        {
            var redacted = Redactor(new SecretMemory()).ForStream().Redact(line);
            Assert.DoesNotContain("0123", redacted, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_key_variable_whose_value_holds_a_lone_surrogate_is_redacted_without_throwing()
    {
        var value = "key-" + '\ud800' + "-0123456789";
        var redactor = SecretRedactor.For([new("SOME_API_KEY", value)]);

        Assert.Equal("x [REDACTED] y", redactor.Redact($"x {value} y"));
    }
}
