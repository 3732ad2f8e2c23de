using Ias.Core.Safety.Secrets;

namespace Ias.Core.Tests.Safety.Secrets;

/// <summary>A stream read line by line: a private-key block is hidden on every one of its lines, and each stream keeps its own place.</summary>
public sealed class StreamRedactorTests
{
    private const string Mark = SecretRedactor.Mark;

    [Fact]
    public void Every_line_of_a_private_key_block_is_redacted_and_the_line_after_it_is_not()
    {
        var stream = SecretRedactor.Patterns.ForStream();
        string[] lines =
        [
            "here is the deploy key:",
            "-----BEGIN RSA PRIVATE KEY-----",
            "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB",
            "aFDrBz9vFqU4yQ0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB==",
            "-----END RSA PRIVATE KEY-----",
            "done.",
        ];

        var redacted = lines.Select(stream.Redact).ToArray();

        Assert.Equal(["here is the deploy key:", Mark, Mark, Mark, Mark, "done."], redacted);
        Assert.False(stream.InPrivateKey);
    }

    [Fact]
    public void An_encrypted_key_with_headers_and_a_blank_line_is_redacted_whole()
    {
        var stream = SecretRedactor.Patterns.ForStream();
        string[] lines =
        [
            "  -----BEGIN EC PRIVATE KEY-----",
            "Proc-Type: 4,ENCRYPTED",
            "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF",
            "",
            "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oE3x2ZKXF4iboAoGCCqGSM49",
            "-----END EC PRIVATE KEY----- and AKIAIOSFODNN7EXAMPLE",
            "next",
        ];

        var redacted = lines.Select(stream.Redact).ToArray();

        Assert.Equal(["  " + Mark, Mark, Mark, "", Mark, Mark + " and " + Mark, "next"], redacted);
    }

    [Fact]
    public void A_key_cut_short_ends_at_the_first_line_that_cannot_be_part_of_a_key()
    {
        var stream = SecretRedactor.Patterns.ForStream();

        Assert.Equal(Mark, stream.Redact("-----BEGIN OPENSSH PRIVATE KEY-----"));
        Assert.Equal(Mark, stream.Redact("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"));
        Assert.True(stream.InPrivateKey);
        Assert.Equal("""{"type":"result","result":"ok"}""", stream.Redact("""{"type":"result","result":"ok"}"""));
        Assert.False(stream.InPrivateKey);
    }

    [Fact]
    public void A_key_inside_one_json_line_leaves_the_stream_outside_any_block()
    {
        var stream = SecretRedactor.Patterns.ForStream();

        var line = stream.Redact("""{"text":"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B"}""");

        Assert.Equal("""{"text":"[REDACTED]"}""", line);
        Assert.False(stream.InPrivateKey);
        Assert.Equal("MIIEvQ is a word here", stream.Redact("MIIEvQ is a word here"));
    }

    [Fact]
    public void Two_streams_of_one_agent_keep_their_own_place()
    {
        var redactor = SecretRedactor.Patterns;
        var stdout = redactor.ForStream();
        var stderr = redactor.ForStream();

        Assert.Equal(Mark, stdout.Redact("-----BEGIN PRIVATE KEY-----"));

        Assert.Equal("warning: slow disk", stderr.Redact("warning: slow disk"));
        Assert.Equal(Mark, stdout.Redact("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7"));
        Assert.False(stderr.InPrivateKey);
        Assert.True(stdout.InPrivateKey);
    }

    [Fact]
    public void A_clean_line_comes_back_as_the_same_instance()
    {
        var stream = SecretRedactor.Patterns.ForStream();
        const string Line = """{"type":"assistant","message":{"content":[{"type":"text","text":"Reading the file."}]}}""";

        Assert.Same(Line, stream.Redact(Line));
    }
}
