using System.Text;
using Ias.Core.Safety.Secrets;

namespace Ias.Core.Tests.Safety.Secrets;

/// <summary>A value of the user's key variables is redacted base64-encoded too, alone or inside longer base64 data, in either alphabet.</summary>
public sealed class EncodedSecretsTests
{
    private const string Mark = SecretRedactor.Mark;

    // Its base64 holds both '+' and '/', so the URL-safe alphabet spells it differently.
    private const string Token = "tok>>>???~~~-4f9Qz7Lm2Xc8";

    private static SecretRedactor Redactor() => SecretRedactor.For([new("DEPLOY_TOKEN", Token)]);

    [Fact]
    public void The_token_is_chosen_so_both_alphabets_differ()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Token));

        Assert.Contains("+", encoded, StringComparison.Ordinal);
        Assert.Contains("/", encoded, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void The_base64_of_a_value_alone_is_redacted_whole(bool urlSafe, bool padded)
    {
        var encoded = Encode(Encoding.UTF8.GetBytes(Token), urlSafe, padded);

        Assert.Equal($"auth {Mark} ok", Redactor().Redact($"auth {encoded} ok"));
    }

    [Theory]
    [InlineData("", "\n", false)]
    [InlineData("a", "", false)]
    [InlineData("ab", "", true)]
    [InlineData("alice:", "", false)]
    [InlineData("x-access-token:", "@github", true)]
    [InlineData("{\"user\":\"bob\",\"pass\":\"", "\"}", false)]
    public void The_value_inside_longer_base64_data_is_redacted_at_each_byte_offset(string before, string after, bool urlSafe)
    {
        var encoded = Encode(Encoding.UTF8.GetBytes(before + Token + after), urlSafe, padded: true);

        var redacted = Redactor().Redact($"Authorization: Basic {encoded}");

        // What stays is only the characters that hold a bit of the bytes around the value: not one of the value's own.
        var rest = redacted["Authorization: Basic ".Length..].Split(Mark);
        Assert.Equal(2, rest.Length);
        Assert.InRange(rest[0].Length, 0, (Encoding.UTF8.GetByteCount(before) * 8 + 5) / 6);
        Assert.InRange(rest[1].Length, 0, (Encoding.UTF8.GetByteCount(after) * 8 + 5) / 6 + 3);
    }

    [Fact]
    public void The_base64_of_a_value_in_json_with_plus_escaped_is_redacted()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(Token)).Replace("+", "\\u002B", StringComparison.Ordinal);

        Assert.Equal($$"""{"auth":"{{Mark}}"}""", Redactor().ForStream().Redact($$"""{"auth":"{{encoded}}"}"""));
    }

    [Fact]
    public void The_base64_of_a_value_wrapped_at_76_columns_is_redacted_on_both_lines()
    {
        var key = "sk-proj-" + string.Concat(Enumerable.Range(0, 12).Select(i => $"Ab{i:00}xY9z"));
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(key + "\n"));
        var redactor = SecretRedactor.For([new("OPENAI_API_KEY", key)]);
        var stream = redactor.ForStream();

        // The last characters also hold the bits of the newline after the key, as in the middle of longer data.
        Assert.Equal(Mark, stream.Redact(encoded[..76]));
        Assert.Matches(@"^\[REDACTED\][A-Za-z0-9+/=]{0,3}$", stream.Redact(encoded[76..]));
        Assert.Matches(@"^\[REDACTED\]\n\[REDACTED\][A-Za-z0-9+/=]{0,3}$", redactor.Redact($"{encoded[..76]}\n{encoded[76..]}"));
    }

    [Fact]
    public void A_line_holding_the_base64_of_a_value_never_passes()
    {
        var stream = Redactor().ForStream();

        Assert.False(stream.Passes("x " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:" + Token))));
        Assert.True(stream.Passes("x " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:another-value"))));
    }

    private static string Encode(byte[] bytes, bool urlSafe, bool padded)
    {
        var encoded = Convert.ToBase64String(bytes);
        encoded = padded ? encoded : encoded.TrimEnd('=');
        return urlSafe ? encoded.Replace('+', '-').Replace('/', '_') : encoded;
    }
}
