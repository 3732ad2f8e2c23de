using Ias.Core.Safety.Secrets;

namespace Ias.Core.Tests.Safety.Secrets;

/// <summary>An AWS secret access key with no keyword on its own line is redacted after its context, and no other forty characters are.</summary>
public sealed class AwsSecretKeysTests
{
    private const string Mark = SecretRedactor.Mark;
    private const string Key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string Sha = "07e9065a1c3f4b2d8e5f60718293a4b5c6d7e8f9";

    [Theory]
    [InlineData("aws_secret_access_key =")]
    [InlineData("AWS_SECRET_ACCESS_KEY:")]
    [InlineData("  \"SecretAccessKey\": ")]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    public void A_key_alone_on_the_line_after_its_context_is_redacted_and_remembered(string context)
    {
        var memory = new SecretMemory();
        var stream = SecretRedactor.For([], memory).ForStream();

        stream.Redact(context);
        Assert.False(stream.Passes($"    {Key}"));
        Assert.Equal($"    {Mark}", stream.Redact($"    {Key}"));
        Assert.Equal($"again {Mark}", SecretRedactor.For([], memory).Redact($"again {Key}"));
    }

    [Fact]
    public void A_key_on_the_line_after_its_context_in_one_text_is_redacted()
    {
        Assert.Equal($"aws_secret_access_key =\n  {Mark}\n", SecretRedactor.Patterns.Redact($"aws_secret_access_key =\n  {Key}\n"));
        Assert.Equal($$"""{"text":"aws_secret_access_key=\n{{Mark}}"}""", SecretRedactor.Patterns.Redact($$"""{"text":"aws_secret_access_key=\n{{Key}}"}"""));
    }

    [Fact]
    public void A_credentials_csv_and_a_key_pair_beside_an_access_key_id_are_redacted()
    {
        var csv = $"Access key ID,Secret access key\nAKIAIOSFODNN7EXAMPLE,{Key}\n";

        Assert.Equal($"Access key ID,Secret access key\n{Mark},{Mark}\n", SecretRedactor.Patterns.Redact(csv));
        Assert.Equal($"id {Mark} secret: {Mark}", SecretRedactor.Patterns.Redact($"id AKIAIOSFODNN7EXAMPLE secret: {Key}"));
    }

    [Fact]
    public void A_credentials_file_read_as_a_stream_is_redacted_line_by_line()
    {
        var stream = SecretRedactor.For([], new SecretMemory()).ForStream();
        string[] lines = ["[default]", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key =", $"  {Key}", "region = eu-west-1"];

        Assert.Equal(["[default]", $"aws_access_key_id = {Mark}", "aws_secret_access_key =", $"  {Mark}", "region = eu-west-1"], lines.Select(stream.Redact));
    }

    [Theory]
    [InlineData("aws_secret_access_key =")]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    [InlineData("commit")]
    public void A_git_object_id_is_never_taken_for_a_key(string context)
    {
        var stream = SecretRedactor.For([], new SecretMemory()).ForStream();
        stream.Redact(context);

        Assert.Equal(Sha, stream.Redact(Sha));
        Assert.Equal(Sha.ToUpperInvariant(), SecretRedactor.Patterns.Redact(Sha.ToUpperInvariant()));
        Assert.Equal($"{context}\n{Sha}", SecretRedactor.Patterns.Redact($"{context}\n{Sha}").Replace(Mark, context, StringComparison.Ordinal));
    }

    [Fact]
    public void Forty_characters_without_a_context_are_left_alone()
    {
        var stream = SecretRedactor.For([], new SecretMemory()).ForStream();

        Assert.Equal("some words", stream.Redact("some words"));
        Assert.Equal(Key, stream.Redact(Key));
        Assert.Equal($"aws_secret_access_key =\n\n{Key}", SecretRedactor.Patterns.Redact($"aws_secret_access_key =\n\n{Key}"));
    }
}
