using System.Buffers;
using System.Text;
using Ias.Core.Agents.Adapters;
using Ias.Core.Processes;
using Ias.Core.Safety;
using Ias.Core.Storage;

namespace Ias.Core.Agents;

/// <summary>
/// The one door agent output comes in by: each stdout line is redacted, appended to the job log, and parsed on its own
/// bytes, and the events of each read are handed on, in order, once the read's lines are through.
/// </summary>
internal sealed class AgentStdout(StreamLog log, string logPath, StreamRedactor lines, SecretRedactor redactor, IStreamParser parser, Func<AgentEvent, ValueTask> onEvent) : ILineSink
{
    // Invalid bytes become U+FFFD, as a terminal would show them; the stream goes on.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private const int HeldChars = 256 * 1024;

    private readonly List<AgentEvent> _events = [];
    private char[] _chars = new char[4096];

    /// <summary>The session id the stream reported.</summary>
    public string? SessionId { get; private set; }

    /// <summary>The stream's final result, once it came.</summary>
    public FinalResult? Final { get; private set; }

    public bool Line(ReadOnlySpan<byte> line)
    {
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            line = Utf8.GetBytes(Utf8.GetString(line));
        }

        line = Redacted(line);
        if (FaultInjection.DiskFull(logPath))
        {
            throw FaultInjection.NoSpaceLeft(logPath);
        }

        log.Append(line);
        var escaped = HasEscapes(line);
        var from = _events.Count;
        parser.Parse(line, _events);
        for (var i = from; i < _events.Count; i++)
        {
            var e = escaped ? Decoded(_events[i]) : _events[i];
            _events[i] = e;
            switch (e)
            {
                case SessionStarted s:
                    SessionId = s.SessionId;
                    break;
                case FinalResult r:
                    Final = r;
                    break;
            }
        }

        return parser.IsProgress(line);
    }

    public async ValueTask ReadEndAsync()
    {
        try
        {
            foreach (var e in _events)
            {
                var handed = onEvent(e);
                if (!handed.IsCompletedSuccessfully)
                {
                    await handed.ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _events.Clear();
        }
    }

    // Most lines hold nothing that looks like a secret: their characters are looked at in a reused buffer, and only a
    // line that may hold one is made a string and redacted.
    private ReadOnlySpan<byte> Redacted(ReadOnlySpan<byte> line)
    {
        // A huge line borrows its buffer for the moment, so the turn does not hold it to its end.
        var rented = line.Length > HeldChars ? ArrayPool<char>.Shared.Rent(line.Length) : null;
        if (rented is null && line.Length > _chars.Length)
        {
            _chars = new char[Math.Max(line.Length, _chars.Length * 2)];
        }

        try
        {
            var chars = rented ?? _chars;
            var count = Utf8.GetChars(line, chars);
            if (lines.Passes(chars.AsSpan(0, count)))
            {
                return line;
            }

            var text = new string(chars, 0, count);
            var redacted = lines.Redact(text);
            return ReferenceEquals(redacted, text) ? line : Utf8.GetBytes(redacted);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    // A JSON line with \u or \/ escapes may spell a secret that only decoding joins up ("\u0041KIA…", "https:\/\/u:p@…");
    // the texts of its events are redacted again as decoded. Other lines decode to the very text that was redacted.
    private static bool HasEscapes(ReadOnlySpan<byte> line) => line.IndexOf("\\u"u8) >= 0 || line.IndexOf("\\/"u8) >= 0;

    private AgentEvent Decoded(AgentEvent e) => e switch
    {
        AssistantText t => t with { Text = redactor.Redact(t.Text) },
        ToolCall c when c.Target is { } target => c with { Target = redactor.Redact(target) },
        ToolResult r => r with { Preview = redactor.Redact(r.Preview) },
        FinalResult f => f with { Text = redactor.Redact(f.Text) },
        Unparsed u => u with { Line = redactor.Redact(u.Line) },
        ApiRetry a when a.Reason is { } reason => a with { Reason = redactor.Redact(reason) },
        _ => e,
    };
}
