using Ias.Core.Safety.Secrets;

namespace Ias.Core.Tests.Safety.Secrets;

/// <summary>A known secret value broken across line breaks is redacted where both pieces can be seen, and at a line's edge when a piece is half of it.</summary>
public sealed class BrokenSecretsTests
{
    private const string Mark = SecretRedactor.Mark;

    // 34 characters: half of it is 17.
    private const string Token = "tok-4f9Qz7Lm2Xc8Vb1Nw6Ry3Tp5Ks0HdA";

    private static SecretRedactor Redactor() => SecretRedactor.For([new("DEPLOY_TOKEN", Token)], new SecretMemory());

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(17)]
    [InlineData(30)]
    [InlineData(33)]
    public void A_value_cut_in_two_in_one_text_is_redacted_on_both_sides_of_the_break(int cut)
    {
        var text = $"here it is:\n{Token[..cut]}\n{Token[cut..]}\ndone";

        Assert.Equal($"here it is:\n{Mark}\n{Mark}\ndone", Redactor().Redact(text));
    }

    [Fact]
    public void A_value_cut_by_a_crlf_or_an_indented_line_is_redacted_too()
    {
        Assert.Equal($"a {Mark}\r\n{Mark} b", Redactor().Redact($"a {Token[..10]}\r\n{Token[10..]} b"));
        Assert.Equal($"key: {Mark}\n    {Mark}", Redactor().Redact($"key: {Token[..20]}\n    {Token[20..]}"));
    }

    [Fact]
    public void A_value_wrapped_at_a_fixed_width_is_redacted_on_every_line_when_its_first_or_last_piece_is_half_of_it()
    {
        var head = $"value: {Token[..18]}\n{Token[18..26]}\n{Token[26..]}\nend";
        var tail = $"value: {Token[..8]}\n{Token[8..16]}\n{Token[16..]}";

        Assert.Equal($"value: {Mark}\n{Mark}\n{Mark}\nend", Redactor().Redact(head));
        Assert.Equal($"value: {Mark}\n{Mark}\n{Mark}", Redactor().Redact(tail));
    }

    [Fact]
    public void A_value_cut_by_an_escaped_line_break_inside_one_json_line_is_redacted_and_the_line_does_not_pass()
    {
        var line = $$"""{"type":"user","content":"ok\n{{Token[..12]}}\n{{Token[12..]}}\ndone"}""";
        var stream = Redactor().ForStream();

        Assert.False(stream.Passes(line));
        Assert.Equal($$"""{"type":"user","content":"ok\n{{Mark}}\n{{Mark}}\ndone"}""", stream.Redact(line));
    }

    [Fact]
    public void Pieces_that_join_into_no_known_value_are_left_as_they_are()
    {
        var text = $"{Token[..20]}\nXX{Token[22..]}\n{Token[..10]}\n\n{Token[10..]}";

        Assert.Equal(text, SecretRedactor.For([new("DEPLOY_TOKEN", "unrelated-value-123")]).Redact(text));
        Assert.Equal(text, Redactor().Redact(text));
    }

    [Fact]
    public void In_a_stream_a_line_ending_with_half_a_value_and_the_next_line_holding_its_rest_are_both_redacted()
    {
        var stream = Redactor().ForStream();

        Assert.Equal($"printf %s {Mark}", stream.Redact($"printf %s {Token[..20]}"));
        Assert.False(stream.Passes($"{Token[20..]} trailing"));
        Assert.Equal($"{Mark} trailing", stream.Redact($"{Token[20..]} trailing"));
        Assert.Equal("next line", stream.Redact("next line"));
    }

    [Fact]
    public void In_a_stream_a_value_wrapped_over_three_lines_is_redacted_on_each_when_the_first_holds_half_of_it()
    {
        var stream = Redactor().ForStream();
        string[] lines = [$"key: {Token[..18]}", Token[18..26], $"{Token[26..]} end"];

        Assert.Equal([$"key: {Mark}", Mark, $"{Mark} end"], lines.Select(stream.Redact));
    }

    [Fact]
    public void In_a_stream_a_line_starting_with_half_a_value_is_redacted_and_a_short_head_on_the_line_before_is_not()
    {
        // The line before was passed on before the rest came: six characters of the value stay, as docs/safety.md says.
        var stream = Redactor().ForStream();

        Assert.Equal($"echo {Token[..6]}", stream.Redact($"echo {Token[..6]}"));
        Assert.Equal($"{Mark} more", stream.Redact($"{Token[6..]} more"));
    }

    [Fact]
    public void A_line_ending_with_a_head_shorter_than_half_its_value_is_left_alone()
    {
        // Every Anthropic key starts so: a line ending with the shared head is no secret.
        var key = "sk-ant-api03-" + new string('Q', 20) + "0a1b2c3d4e5f6g7h8i9j";
        var stream = SecretRedactor.For([new("ANTHROPIC_API_KEY", key)]).ForStream();

        Assert.Equal("keys look like sk-ant-api03-", stream.Redact("keys look like sk-ant-api03-"));
        Assert.Equal("and nothing follows", stream.Redact("and nothing follows"));
    }

    [Fact]
    public void A_value_remembered_from_its_context_is_redacted_when_broken_later()
    {
        var memory = new SecretMemory();
        var redactor = SecretRedactor.For([], memory);
        redactor.Redact("password=Zq8-remembered-Value-77x");
        var stream = redactor.ForStream();

        Assert.Equal($"a\n{Mark}\n{Mark}", SecretRedactor.For([], memory).Redact("a\nZq8-remembered\n-Value-77x"));
        Assert.Equal([$"x {Mark}", $"{Mark} y"], new[] { "x Zq8-remembered-Va", "lue-77x y" }.Select(stream.Redact));
    }
}
