using System.Buffers;
using System.Text;
using Ias.Core.Agents.Adapters;
using Ias.Core.Processes;
using Ias.Core.Safety.Secrets;
using Ias.Core.Storage;

namespace Ias.Core.Agents;

/// <summary>
/// The one door agent output comes in by, in two stages. As the pipe brings them, each read's lines are redacted and appended
/// to the job log, and nothing more: their clues of secrets are looked for on the bytes, the lines without one go to the
/// log as they came, in one write, and only a line with a clue is decoded and redacted, so the child's output is taken
/// in at about the speed of the disk. Behind it, on its own
/// task, a reader follows the job log (the redacted bytes, on disk or in the page cache) and parses each line, handing
/// the events on in order; <see cref="CompleteAsync"/> waits for it to reach the end. While the child floods the pipe
/// (its reads come full) the reader waits, so parsing never takes the CPU the pipe needs; it catches up when the flood
/// ends, and a steady stream (10,000 lines a second) is parsed as it comes. So a fast agent is never held up by
/// the parsing and storing of its events, and memory does not grow with how far the reader is behind.
/// </summary>
internal sealed class AgentStdout : ILineSink, IAsyncDisposable
{
    // Invalid bytes become U+FFFD, as a terminal would show them; the stream goes on.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private const int HeldChars = 256 * 1024;

    private readonly StreamLog _log;
    private readonly string _logPath;
    private readonly StreamRedactor _lines;
    private readonly SecretRedactor _redactor;
    private readonly IStreamParser _parser;
    private readonly Lock _parserGate;
    private readonly Func<AgentEvent, ValueTask> _onEvent;
    private readonly SemaphoreSlim _written = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private volatile bool _ended;

    // Whether the last read of the pipe came (nearly) full: the child writes faster than it is read, and the reader waits
    // until it slows down, so parsing never takes the CPU the pipe needs. A steady stream's reads are small.
    private volatile bool _flooding;
    private int _sinceRead;
    private char[] _chars = new char[4096];

    // A read's lines, one char per byte, for their clues; a read is at most 64 KiB, and so is this.
    private char[] _bytes = [];

    /// <summary>Starts the reader of <paramref name="logPath"/>, the file <paramref name="log"/> writes.</summary>
    /// <param name="log">The job log the redacted lines are appended to.</param>
    /// <param name="logPath">Its path, which the reader follows.</param>
    /// <param name="lines">This stream's redactor (it keeps a private key's state across lines).</param>
    /// <param name="redactor">Redacts the decoded texts of lines with JSON escapes.</param>
    /// <param name="parser">The agent's stream parser.</param>
    /// <param name="onEvent">Takes the events, in order, on the reader's task.</param>
    /// <param name="parserGate">Held while the reader parses, so the stderr handler's use of the same parser never runs at the same time.</param>
    public AgentStdout(StreamLog log, string logPath, StreamRedactor lines, SecretRedactor redactor, IStreamParser parser, Func<AgentEvent, ValueTask> onEvent, Lock? parserGate = null)
    {
        _log = log;
        _logPath = logPath;
        _lines = lines;
        _redactor = redactor;
        _parser = parser;
        _onEvent = onEvent;
        _parserGate = parserGate ?? new Lock();
        _log.Written += () => _written.Release();
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>The session id the stream reported (once the reader is through, <see cref="CompleteAsync"/>).</summary>
    public string? SessionId { get; private set; }

    /// <summary>The stream's final result, once it came (once the reader is through, <see cref="CompleteAsync"/>).</summary>
    public FinalResult? Final { get; private set; }

    public bool Line(ReadOnlySpan<byte> line)
    {
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            line = Utf8.GetBytes(Utf8.GetString(line));
        }

        line = Redacted(line);
        FailWhenDiskFull();
        _log.Append(line);
        _sinceRead += line.Length + 1;
        return _parser.IsProgress(line);
    }

    /// <summary>
    /// A read's whole lines, each ended by its '\n': the lines between clues of secrets, found on their bytes, go to the job
    /// log as they came, and each line holding a clue (or bytes that are not UTF-8) goes through <see cref="Line"/>, so the
    /// log is byte for byte what redacting each line on its own makes of them.
    /// </summary>
    public bool Lines(ReadOnlySpan<byte> lines)
    {
        var valid = System.Text.Unicode.Utf8.IsValid(lines);
        var clues = _lines.Clues(valid ? Widened(lines) : []);
        var progress = false;
        var at = 0;
        while (at < lines.Length)
        {
            var clue = valid ? _lines.NextClue(clues, at) : at;
            var clean = clue < 0 ? lines.Length : at + lines[at..clue].LastIndexOf((byte)'\n') + 1;
            if (clean > at)
            {
                progress |= Passed(lines[at..clean]);
                at = clean;
            }

            if (at < lines.Length)
            {
                var nl = lines[at..].IndexOf((byte)'\n');
                progress |= Line(lines.Slice(at, nl));
                at += nl + 1;
            }
        }

        return progress;
    }

    // Lines that pass redaction as they are, in one write; whether they show the child working is asked until one does.
    private bool Passed(ReadOnlySpan<byte> lines)
    {
        FailWhenDiskFull();
        _log.Write(lines);
        _sinceRead += lines.Length;
        while (lines.IndexOf((byte)'\n') is var nl and >= 0)
        {
            if (_parser.IsProgress(lines[..nl]))
            {
                return true;
            }

            lines = lines[(nl + 1)..];
        }

        return false;
    }

    private ReadOnlySpan<char> Widened(ReadOnlySpan<byte> lines)
    {
        if (_bytes.Length < lines.Length)
        {
            _bytes = new char[lines.Length];
        }

        var bytes = _bytes.AsSpan(0, lines.Length);
        Utf8Needles.Widen(lines, bytes);
        return bytes;
    }

    private void FailWhenDiskFull()
    {
        if (FaultInjection.DiskFull(_logPath))
        {
            throw FaultInjection.NoSpaceLeft(_logPath);
        }
    }

    /// <summary>After each read of the pipe: what it brought goes to the file, one write per read, for the reader and for dashboards.</summary>
    public ValueTask ReadEndAsync()
    {
        if (_reader.IsFaulted)
        {
            // The reader's failure (a handler's, say) ends the turn as it would have when parsing ran here.
            return new ValueTask(_reader);
        }

        _flooding = _sinceRead >= FloodBytes;
        _sinceRead = 0;
        _log.Flush();
        return ValueTask.CompletedTask;
    }

    private const int FloodBytes = 48 * 1024;

    /// <summary>
    /// Once the child's output has ended and the log is flushed: lets the reader parse the rest of the file and hand on its
    /// events, and waits for it; its failure is thrown here.
    /// </summary>
    public async Task CompleteAsync()
    {
        _log.Flush();
        _ended = true;
        _written.Release();
        await _reader.ConfigureAwait(false);
    }

    /// <summary>Stops the reader where it is (the turn was cancelled or failed) and waits for it to let go of the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_reader.IsCompleted)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            _written.Release();
            try
            {
                await _reader.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // Stopped on purpose, or the file went away with the job dir; the turn's own outcome says what happened.
            }
        }

        _stop.Dispose();
        _written.Dispose();
    }

    // Follows the job log from its start: whole lines are parsed as they are written; a line is taken only once its
    // newline is there. When the file has nothing new it waits for the next write (or the end).
    private async Task ReadAsync()
    {
        var ct = _stop.Token;
        var events = new List<AgentEvent>();
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        var carry = new ArrayBufferWriter<byte>();
        try
        {
            await using var file = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (_flooding && !_ended)
                {
                    await _written.WaitAsync(ct).ConfigureAwait(false);
                    continue;
                }

                var ended = _ended;
                var read = await file.ReadAsync(buffer.AsMemory(0, ReadSize), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    if (ended)
                    {
                        break;
                    }

                    await _written.WaitAsync(ct).ConfigureAwait(false);
                    continue;
                }

                var data = buffer.AsSpan(0, read);
                while (data.IndexOf((byte)'\n') is var nl and >= 0)
                {
                    if (carry.WrittenCount > 0)
                    {
                        carry.Write(data[..nl]);
                        Parse(carry.WrittenSpan, events);
                        carry.ResetWrittenCount();
                    }
                    else
                    {
                        Parse(data[..nl], events);
                    }

                    data = data[(nl + 1)..];
                }

                carry.Write(data);
                foreach (var e in events)
                {
                    var handed = _onEvent(e);
                    if (!handed.IsCompletedSuccessfully)
                    {
                        await handed.ConfigureAwait(false);
                    }
                }

                events.Clear();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private const int ReadSize = 64 * 1024;

    private void Parse(ReadOnlySpan<byte> line, List<AgentEvent> events)
    {
        var escaped = HasEscapes(line);
        var whole = escaped ? AgentJson.WithoutHalfPairs(line) : null;
        var from = events.Count;
        lock (_parserGate)
        {
            _parser.Parse(whole ?? line, events);
        }

        for (var i = from; i < events.Count; i++)
        {
            var e = escaped ? Decoded(events[i]) : events[i];
            events[i] = e;
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
            if (_lines.Passes(chars.AsSpan(0, count)))
            {
                return line;
            }

            var text = new string(chars, 0, count);
            var redacted = _lines.Redact(text);
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
        AssistantText t => t with { Text = _redactor.Redact(t.Text) },
        ToolCall c when c.Target is { } target => c with { Target = _redactor.Redact(target) },
        ToolResult r => r with { Preview = _redactor.Redact(r.Preview) },
        FinalResult f => f with { Text = _redactor.Redact(f.Text) },
        Unparsed u => u with { Line = _redactor.Redact(u.Line) },
        ApiRetry a when a.Reason is { } reason => a with { Reason = _redactor.Redact(reason) },
        _ => e,
    };
}
