using System.Text;
using Ias.Core.Turns;

namespace Ias.Core.Snapshots;

/// <summary>
/// Follows one job's lines for people (assistant text, one line per tool call, tool results folded to one line, retries
/// and errors marked), which the turn stored beside the raw stream as they came. Reads only what was appended since the
/// last call and keeps a bounded window in memory; the whole history stays on disk.
/// </summary>
public sealed class JobLog(string jobDir, int capacity = 5000)
{
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
        var path = Path.Combine(JobDir, TurnLog.FileName);
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

    // A line is "time TAB kind TAB text"; the text was made printable when it was written.
    private void Take(string line)
    {
        var fields = line.Split('\t', 3);
        if (fields.Length == 3)
        {
            Add(KindOf(fields[1]), fields[2]);
        }
    }

    private static LogKind KindOf(string kind) => kind switch
    {
        TurnLogKind.Assistant => LogKind.Assistant,
        TurnLogKind.Tool => LogKind.Tool,
        TurnLogKind.ToolResult => LogKind.ToolResult,
        TurnLogKind.Retry => LogKind.Retry,
        TurnLogKind.Error => LogKind.Error,
        _ => LogKind.System,
    };

    private void Add(LogKind kind, string text)
    {
        _lines.AddLast(new LogLine(kind, text));
        if (_lines.Count > capacity)
        {
            _lines.RemoveFirst();
            Dropped++;
        }
    }
}
