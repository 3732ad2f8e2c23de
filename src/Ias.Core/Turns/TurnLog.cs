using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using Ias.Core.Safety;
using Ias.Core.Agents;
using Ias.Core.Storage;

namespace Ias.Core.Turns;

/// <summary>
/// The turn's events as the lines people read, stored once beside stdout.jsonl while the agent works, so no reader parses
/// the raw stream again: one line per entry, <c>time TAB kind TAB text</c>, with tabs and control characters already made
/// printable. Written buffered and flushed each batch or quarter second, so a dashboard in another process follows live.
/// </summary>
public sealed class TurnLog : IAsyncDisposable
{
    /// <summary>The file's name in the job dir.</summary>
    public const string FileName = "log.tsv";

    private const int Batch = 500;

    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(250);

    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;
    private readonly TimeProvider _clock;
    private readonly ITimer _timer;
    private int _pending;
    private long _stampMs;
    private string? _stamp;
    private ExceptionDispatchInfo? _failed;

    public TurnLog(string jobDir, TimeProvider clock)
    {
        OwnerOnly.CreateFolder(jobDir);
        _clock = clock;
        _writer = new StreamWriter(OwnerOnly.Open(Path.Combine(jobDir, FileName), FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete));

        // A quiet agent still shows its last lines within a quarter second.
        _timer = clock.CreateTimer(_ => Flush(), null, FlushDelay, FlushDelay);
    }

    /// <summary>The display lines one event makes, in order; most make one, assistant text one per line of text, some none.</summary>
    public static IEnumerable<(TurnLogKind Kind, string Text)> Lines(AgentEvent e)
    {
        switch (e)
        {
            case SessionStarted s:
                yield return (TurnLogKind.System, $"session {s.SessionId}{(s.Model is null ? "" : $" · {s.Model}")}");
                break;
            case AssistantText t:
                foreach (var l in t.Text.ReplaceLineEndings("\n").Split('\n'))
                {
                    yield return (TurnLogKind.Assistant, l);
                }

                break;
            case ToolCall c:
                yield return (TurnLogKind.Tool, $"→ {c.ToolName}{(c.Target is null ? "" : " " + c.Target)}");
                break;
            case ToolResult r:
                yield return (r.IsError ? TurnLogKind.Error : TurnLogKind.ToolResult, $"  ↳ {Fold(r.Preview)}");
                break;
            case ApiRetry r:
                yield return (TurnLogKind.Retry, $"retry {r.Attempt}{(r.Reason is null ? "" : ": " + r.Reason)}");
                break;
            case UsageLimit u:
                yield return (TurnLogKind.Error, $"usage limit reached{(u.ResetsAt is { } at ? $"; resets {at:HH:mm} UTC" : "")}");
                break;
            case FinalResult f:
                yield return (f.Success ? TurnLogKind.System : TurnLogKind.Error,
                    $"result: {(f.Success ? "success" : f.FailureClass.ToString())} · {f.TokensIn + f.TokensOut} tokens{(f.CostUsd is { } cost ? $" · ${cost:0.####}" : "")}");
                break;
            case Unparsed u when u.Line.Trim().Length > 0:
                yield return (TurnLogKind.Error, $"unparsed: {Fold(u.Line)}");
                break;
        }
    }

    public void Write(AgentEvent e)
    {
        _failed?.Throw();
        lock (_gate)
        {
            var at = Stamp();
            foreach (var (kind, text) in Lines(e))
            {
                _writer.Write(at);
                _writer.Write('\t');
                _writer.Write(kind.Wire());
                _writer.Write('\t');
                _writer.Write(Printable(text));
                _writer.Write('\n');
                _pending++;
            }

            if (_pending >= Batch)
            {
                FlushLocked();
            }
        }
    }

    // Events come by the thousand within one millisecond: the time is formatted once per millisecond, not once per line.
    private string Stamp()
    {
        var now = _clock.GetUtcNow();
        var ms = now.ToUnixTimeMilliseconds();
        if (ms != _stampMs || _stamp is null)
        {
            _stampMs = ms;
            _stamp = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }

        return _stamp;
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync();
        lock (_gate)
        {
            FlushLocked();
        }

        await _writer.DisposeAsync();
    }

    // The timer's thread has no one to tell: a flush that fails there (a full disk) is kept and thrown by the next write,
    // on the turn's own thread, instead of ending the whole process with an unhandled exception.
    private void Flush()
    {
        lock (_gate)
        {
            try
            {
                FlushLocked();
            }
            catch (IOException e)
            {
                _failed ??= ExceptionDispatchInfo.Capture(e);
            }
        }
    }

    private void FlushLocked()
    {
        if (_pending > 0)
        {
            _writer.Flush();
            _pending = 0;
        }
    }

    // Agents print tabs (numbered file listings), escapes and stray control codes; neither a terminal cell grid nor this
    // file's columns hold them. Inert first (escapes gone with their payload), then a tab goes to its column.
    private static string Printable(string text)
    {
        var inert = InertText.Lines(text);
        if (inert.AsSpan().IndexOfAny('\t', '\n') < 0)
        {
            return inert;
        }

        var sb = new StringBuilder(inert.Length + 8);
        foreach (var c in inert)
        {
            if (c == '\t')
            {
                sb.Append(' ', 4 - (sb.Length % 4));
            }
            else if (c != '\n')
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static string Fold(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var first = lines.Length == 0 ? "" : lines[0].Trim();
        first = ShortText.Cut(first, 160);

        return lines.Length > 1 ? $"{first} (+{lines.Length - 1} lines)" : first;
    }
}
