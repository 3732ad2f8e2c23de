using System.Text;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters.Claude;
using Ias.Core.Processes;
using Ias.Core.Safety.Secrets;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Agents;

/// <summary>
/// The job log a read of the pipe makes, with clues of secrets found on its bytes, is byte for byte the log that redacting
/// each line on its own, as a decoded string, makes: whatever the lines hold and wherever the reads cut them.
/// </summary>
public sealed class AgentStdoutBytesTests : IDisposable
{
    private const string AnthropicKey = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz";

    // A variable's value with non-ASCII letters and a quote, redacted as written and as JSON escapes it.
    private static readonly KeyValuePair<string, string>[] Environment = [new("SHOP_API_KEY", "välue-\"Sécret\"-0123")];

    // Pieces of lines: plain stream-json, every kind of clue, near misses, multi-byte and invalid bytes, a private key's lines,
    // halves of a value to be joined across line breaks, an AWS key and its contexts, a value's base64.
    private static readonly byte[][] Pieces =
    [
        .. new[]
        {
            """{"type":"assistant","message":{"id":"m1","content":[{"type":"text","text":"Reading src/feature.txt"}]}}""",
            """{"type":"result","usage":{"input_tokens":12,"output_tokens":3}}""", "café → 日本語 😀 ", "plain words ",
            $"key {AnthropicKey} here", "password=hunter2-0001 ", "Password: s3cret-pass-77 ", "hunter2-0001 bare ",
            "s3cret-pass-77 again ", "Authorization: Bearer abcdefgh12345678 ", "abcdefgh12345678 ", "git clone https://alice:pw-12345678@host/x ",
            "pw-12345678 ", """{"api_key": "abc123456789"} """, "abc123456789 ", "ToKeN=mixed-case-999 ", "tokenizers and passwords-policy ",
            "ıtoken=dotless-9999 ", "paſsword=long-s-9999 ", "toKen=kelvin-99999 ", "secretſ=after-9999 ", "välue-\"Sécret\"-0123 ",
            "välue-\\\"Sécret\\\"-0123 ", "\\u0041KIAABCDEFGHIJKLMNOP ", "AKIAABCDEFGHIJKLMNOP ", "sk-", "ant-api03-", "abcdefghijklmnopqrstuv ",
            "-----BEGIN RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEAtopsecretbase64body", "Proc-Type: 4,ENCRYPTED", "-----END RSA PRIVATE KEY-----",
            "MIIEowIBAAKCAQEAtopsecretbase64body ", "\"quoted\", {braces} ", "\r", "\t",
            "välue-\"Sécr", "et\"-0123 ", "\\n", "  ", "aws_secret_access_key =", "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:välue-\"Sécret\"-0123")),
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF], [0xC3], [0xE6, 0x97], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF],
    ];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Random_lines_cut_by_random_reads_are_logged_as_line_by_line_redaction_logs_them(int seed)
    {
        var random = new Random(seed);
        var stream = new List<byte>();
        for (var line = 0; line < 300; line++)
        {
            for (var piece = random.Next(0, 6); piece > 0; piece--)
            {
                stream.AddRange(Pieces[random.Next(Pieces.Length)]);
            }

            stream.Add((byte)'\n');
        }

        // Reads from one byte to more than a pipe holds, so clues, characters and lines are cut at every kind of place.
        int[] reads = [.. Enumerable.Range(0, 64).Select(_ => random.Next(4) == 0 ? random.Next(1, 8) : random.Next(1, 3000))];
        var bytes = stream.ToArray();

        Assert.Equal(LineByLine(bytes), await Logged(bytes, reads));
    }

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Fact]
    public async Task A_stream_without_a_clue_is_logged_byte_for_byte_as_it_came()
    {
        var lines = Enumerable.Range(0, 5000).Select(i =>
            $$$"""{"type":"assistant","message":{"id":"m{{{i}}}","content":[{"type":"text","text":"line {{{i}}}: café → 日本語 😀 with input_tokens"}]}}""");
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");

        Assert.Equal(bytes, await Logged(bytes, [65536, 4000, 13]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(20)]
    public async Task A_secret_cut_by_a_read_in_its_clue_or_in_its_value_is_still_redacted(int cut)
    {
        var head = Encoding.UTF8.GetBytes("{\"text\":\"ok\"}\n{\"text\":\"key ");
        var bytes = Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetString(head)}{AnthropicKey} here\"}}\n{{\"text\":\"after\"}}\n");

        // The first read ends `cut` bytes into the key: inside "sk-", in "ant-", or in the value past its clue.
        var log = Encoding.UTF8.GetString(await Logged(bytes, [head.Length + cut, 65536]));

        Assert.DoesNotContain("abcdefghijklmnop", log, StringComparison.Ordinal);
        Assert.Equal("{\"text\":\"ok\"}\n{\"text\":\"key [REDACTED] here\"}\n{\"text\":\"after\"}\n", log);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_become_replacement_characters_and_the_lines_around_them_stay_as_they_came()
    {
        byte[] bytes = [.. "first café\nbad "u8, 0xFF, .. " and "u8, 0xC3, .. " password=hunter2-0001\nlast 日本\n"u8];

        var log = await Logged(bytes, [65536]);

        Assert.Equal("first café\nbad \uFFFD and \uFFFD password=[REDACTED]\nlast 日本\n", Encoding.UTF8.GetString(log));
        Assert.Equal(LineByLine(bytes), log);
    }

    [Fact]
    public async Task A_value_learned_from_one_line_is_redacted_where_it_stands_bare_later_in_the_same_read()
    {
        var bytes = "start\npassword=hunter2-0001\nplain line\nthe value hunter2-0001 again\n"u8.ToArray();

        var log = await Logged(bytes, [65536]);

        Assert.Equal("start\npassword=[REDACTED]\nplain line\nthe value [REDACTED] again\n", Encoding.UTF8.GetString(log));
        Assert.Equal(LineByLine(bytes), log);
    }

    // What the job log held when each line was decoded, redacted as a string by the stream's redactor, and encoded again.
    private static byte[] LineByLine(byte[] bytes)
    {
        var stream = SecretRedactor.For(Environment, new SecretMemory()).ForStream();
        var log = new List<byte>();
        var text = bytes.AsSpan();
        var first = true;
        while (text.IndexOf((byte)'\n') is var nl and >= 0)
        {
            var line = text[..nl];
            line = first && line.StartsWith("\uFEFF"u8) ? line[3..] : line;
            line = !line.IsEmpty && line[^1] == (byte)'\r' ? line[..^1] : line;
            first = false;
            log.AddRange(Encoding.UTF8.GetBytes(stream.Redact(Encoding.UTF8.GetString(line))));
            log.Add((byte)'\n');
            text = text[(nl + 1)..];
        }

        return [.. log];
    }

    // The job log the pipe's target, the agent's stdout and the stream log write from these reads, read back from the file.
    private async Task<byte[]> Logged(byte[] bytes, int[] reads)
    {
        var logPath = _dir.Combine($"stdout-{Guid.NewGuid():N}.jsonl");
        var redactor = SecretRedactor.For(Environment, new SecretMemory());
        using (var log = new StreamLog(logPath))
        {
            await using var stdout = new AgentStdout(log, logPath, redactor.ForStream(), redactor, new ClaudeStreamParser(TimeProvider.System), _ => ValueTask.CompletedTask);
            var target = new LineTarget(stdout, new SemaphoreSlim(1, 1), () => { });
            await target.CopyFromAsync(new Trickle(bytes, reads)).WaitAsync(TimeSpan.FromSeconds(60));
            await stdout.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        return await File.ReadAllBytesAsync(logPath);
    }
}
