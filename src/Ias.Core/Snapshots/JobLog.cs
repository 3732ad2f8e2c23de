using System.Text;
using Ias.Core.Agents;
using Ias.Core.Agents.Adapters;

namespace Ias.Core.Snapshots;

/// <summary>
/// Follows one job's raw `stdout.jsonl` and turns it into lines for people: assistant text, one line per tool call,
/// tool results folded to one line, retries and errors marked. Reads only what was appended since the last call and
/// keeps a bounded window in memory; the whole history stays on disk.
/// </summary>
public sealed class JobLog(string jobDir, int capacity = 5000)
{
    private IStreamParser? _parser;
    private readonly LinkedList<LogLine> _lines = new();
    private readonly StringBuilder _partial = new();
    private long _offset;
    private bool _exitSeen;

    public string JobDir { get; } = jobDir;

    /// <summary>Lines dropped off the front of the window (still on disk).</summary>
    public long Dropped { get; private set; }

    public IReadOnlyCollection<LogLine> Lines => _lines;

    /// <summary>Reads what the agent appended since the last call; true when something new arrived.</summary>
    public bool Poll()
    {
        var path = Path.Combine(JobDir, "stdout.jsonl");
        var before = Dropped + _lines.Count;
        if (File.Exists(path))
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (fs.Length < _offset)
            {
                _offset = 0; // rewritten from scratch: read it again
            }

            fs.Seek(_offset, SeekOrigin.Begin);
            using var reader = new StreamReader(fs, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
            var buffer = new char[1 << 16];
            int n;
            while ((n = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                for (var i = 0; i < n; i++)
                {
                    if (buffer[i] == '\n')
                    {
                        Take(_partial.ToString());
                        _partial.Clear();
                    }
                    else
                    {
                        _partial.Append(buffer[i]);
                    }
                }
            }

            _offset = fs.Position;
        }

        var exit = Path.Combine(JobDir, "exit_code");
        if (!_exitSeen && File.Exists(exit))
        {
            _exitSeen = true;
            var code = File.ReadAllText(exit).Trim();
            Add(code == "0" ? LogKind.System : LogKind.Error, $"— agent exited ({code}) —");
        }

        return Dropped + _lines.Count != before;
    }

    private void Take(string line)
    {
        if (_parser is null && line.Trim().Length == 0)
        {
            return;
        }

        _parser ??= StreamFormats.ParserFor(line, TimeProvider.System);
        foreach (var e in _parser.Parse(line))
        {
            switch (e)
            {
                case SessionStarted s:
                    Add(LogKind.System, $"session {s.SessionId}{(s.Model is null ? "" : $" · {s.Model}")}");
                    break;
                case AssistantText t:
                    foreach (var l in t.Text.ReplaceLineEndings("\n").Split('\n'))
                    {
                        Add(LogKind.Assistant, l);
                    }

                    break;
                case ToolCall c:
                    Add(LogKind.Tool, $"→ {c.ToolName}{(c.Target is null ? "" : " " + c.Target)}");
                    break;
                case ToolResult r:
                    Add(r.IsError ? LogKind.Error : LogKind.ToolResult, $"  ↳ {Fold(r.Preview)}");
                    break;
                case ApiRetry r:
                    Add(LogKind.Retry, $"retry {r.Attempt}{(r.Reason is null ? "" : ": " + r.Reason)}");
                    break;
                case UsageLimit u:
                    Add(LogKind.Error, $"usage limit reached{(u.ResetsAt is { } at ? $"; resets {at:HH:mm} UTC" : "")}");
                    break;
                case FinalResult f:
                    Add(f.Success ? LogKind.System : LogKind.Error,
                        $"result: {(f.Success ? "success" : f.FailureClass.ToString())} · {f.TokensIn + f.TokensOut} tokens{(f.CostUsd is { } cost ? $" · ${cost:0.####}" : "")}");
                    break;
                case Unparsed u when u.Line.Trim().Length > 0:
                    Add(LogKind.Error, $"unparsed: {Fold(u.Line)}");
                    break;
            }
        }
    }

    private void Add(LogKind kind, string text)
    {
        _lines.AddLast(new LogLine(kind, Printable(text)));
        if (_lines.Count > capacity)
        {
            _lines.RemoveFirst();
            Dropped++;
        }
    }

    // Agents print tabs (numbered file listings) and stray control codes; a terminal cell grid holds neither.
    private static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c == '\t')
            {
                sb.Append(' ', 4 - (sb.Length % 4));
            }
            else if (!char.IsControl(c))
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
        if (first.Length > 160)
        {
            first = first[..159] + "…";
        }

        return lines.Length > 1 ? $"{first} (+{lines.Length - 1} lines)" : first;
    }
}
