using System.Buffers;
using System.Text;
using Ias.Core.Safety.Secrets;

namespace Ias.Core.Tests.Safety.Secrets;

/// <summary>Clues of secrets are found on a stream's UTF-8 bytes where the decoded text holds them, and nowhere a line passes.</summary>
public sealed class ClueScanTests
{
    [Fact]
    public void No_character_beyond_ASCII_matches_an_ASCII_letter_ignoring_case_so_the_bytes_hold_every_keyword_the_text_does()
    {
        var letters = Enumerable.Range('a', 26).Select(c => ((char)c).ToString()).ToArray();
        var search = SearchValues.Create([.. letters, .. letters.Select(l => l + l)], StringComparison.OrdinalIgnoreCase);
        var matching = new List<int>();
        for (var c = 0x80; c <= 0xFFFF; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                continue;
            }

            var one = ((char)c).ToString();
            if (one.AsSpan().IndexOfAny(search) >= 0 || (one + one).AsSpan().IndexOfAny(search) >= 0
                || letters.Any(l => string.Equals(one, l, StringComparison.OrdinalIgnoreCase)))
            {
                matching.Add(c);
            }
        }

        Assert.Empty(matching);
    }

    [Theory]
    [InlineData("plain line\nkey sk-ant-api03-abcdefghijkl\n", 15)]
    [InlineData("input_tokens: 3\npassword=hunter2\n", 16)]
    [InlineData("café 日本 \nDB_TOKEN=x\n", 17)]
    [InlineData("Authorization: Bearer abcdefgh12345678\n", 15)]
    [InlineData("a list of tokenizers and passwords-policy notes\n{\"type\":\"result\"}\n", -1)]
    public void The_first_clue_is_found_at_its_byte(string lines, int at)
    {
        Assert.Equal(at, Scan(SecretRedactor.Patterns, lines));
    }

    [Fact]
    public void Every_clue_of_a_shape_is_found_on_the_bytes_whichever_set_it_is_searched_in()
    {
        var missed = SecretRedactor.ExactClueList.Where(clue => Scan(SecretRedactor.Patterns, $"é {clue}\n") != 3);

        Assert.Empty(missed);
    }

    [Fact]
    public void A_variables_value_and_a_learned_value_are_found_as_their_UTF8_bytes()
    {
        var memory = new SecretMemory();
        var redactor = SecretRedactor.For([new("SHOP_API_KEY", "välue-Sécret-0123")], memory);
        redactor.Redact("password=learned-9999");

        Assert.Equal(Encoding.UTF8.GetByteCount("café → "), Scan(redactor, "café → välue-Sécret-0123\n"));
        Assert.Equal(Encoding.UTF8.GetByteCount("日本 "), Scan(redactor, "日本 learned-9999\n"));

        // Half of a value is a clue too (the value may go on past a line break); a near miss that holds no half is none.
        Assert.Equal(Encoding.UTF8.GetByteCount("x "), Scan(redactor, "x välue-Séc\n"));
        Assert.Equal(-1, Scan(redactor, "välue-Sxcret-012 learnxd-999\n"));
    }

    [Fact]
    public void A_string_that_is_not_valid_UTF16_has_no_bytes_to_look_for_so_every_text_may_hold_it()
    {
        var needles = new Utf8Needles(["plain-value-1", "lone-\uD800-surrogate"]);

        Assert.Equal(0, needles.IndexIn("nothing to see here"));
        Assert.Equal(-1, new Utf8Needles(["plain-value-1"]).IndexIn("nothing to see here"));
    }

    [Fact]
    public void Clues_are_found_in_order_from_where_each_line_begins_and_a_private_key_holds_every_line()
    {
        var lines = "sk-ant-api03-abcdefghijkl\nplain\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nplain\n";
        var stream = SecretRedactor.Patterns.ForStream();
        Span<char> bytes = new char[lines.Length];
        Utf8Needles.Widen(Encoding.UTF8.GetBytes(lines), bytes);
        var clues = stream.Clues(bytes);

        Assert.Equal(0, stream.NextClue(clues, 0));
        Assert.Equal(lines.IndexOf("PRIVATE KEY", StringComparison.Ordinal), stream.NextClue(clues, lines.IndexOf("plain", StringComparison.Ordinal)));
        stream.Redact("-----BEGIN RSA PRIVATE KEY-----");
        Assert.Equal(lines.IndexOf("MIIE", StringComparison.Ordinal), stream.NextClue(clues, lines.IndexOf("MIIE", StringComparison.Ordinal)));
        stream.Redact("-----END RSA PRIVATE KEY-----");
        Assert.Equal(-1, stream.NextClue(clues, lines.LastIndexOf("plain", StringComparison.Ordinal)));
    }

    private static int Scan(SecretRedactor redactor, string lines)
    {
        var utf8 = Encoding.UTF8.GetBytes(lines);
        var bytes = new char[utf8.Length];
        Utf8Needles.Widen(utf8, bytes);
        var stream = redactor.ForStream();
        var clues = stream.Clues(bytes);
        return stream.NextClue(clues, 0);
    }
}
