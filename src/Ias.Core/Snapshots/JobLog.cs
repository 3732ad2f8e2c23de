using System.Globalization;
using System.Text;
using Ias.Core.Agents;
using Ias.Core.Turns;
using Microsoft.Win32.SafeHandles;

namespace Ias.Core.Snapshots;

/// <summary>
/// Follows one job's lines for people (assistant text, one line per tool call, tool results folded to one line, retries
/// and errors marked), which the turn stored beside the raw stream as they came. It opens at the file's end: the window's
/// lines are read back from there, so a job of a million lines shows its tail as soon as one of ten; after that only what
/// was appended since the last call is read. Scrolling back reads further back on demand (<see cref="ReadEarlier"/>);
/// the whole history stays on disk.
/// </summary>
public sealed class JobLog(string jobDir, int capacity = 5000)
{
    // One read's worth of the file; a longer line is put together across reads.
    private const int Chunk = 1 << 16;

    /// <summary>The most lines of the agent's stderr shown after a failed exit; the job folder's stderr.log has them all.</summary>
    public const int StderrLines = 20;

    // The bytes just before the read position, compared at each look: a turn that wrote the file again from scratch,
    // even past the old length before this reader looked, no longer has them there.
    private const int MarkLength = 32;

    private readonly LogWindow _lines = new();
    private readonly byte[] _chunk = new byte[Chunk];
    private byte[] _partial = new byte[256];
    private int _partialLength;
    private byte[] _mark = [];

    // Read up to _offset; the line not ended yet starts at _partialStart and its bytes so far are in _partial.
    private long _offset;
    private long _partialStart;

    // The first byte of the first line held: what comes before it is on disk only.
    private long _start;
    private readonly int _capacity = capacity;
    private int _limit = capacity;
    private bool _opened;
    private bool _exitSeen;

    public string JobDir { get; } = jobDir;

    /// <summary>Whether the file holds lines before the first one held (the window let them go, or never read them).</summary>
    public bool HasEarlier => _start > 0;

    public IReadOnlyList<LogLine> Lines => _lines;

    private string FilePath => Path.Combine(JobDir, TurnLog.FileName);

    /// <summary>Reads what the agent appended since the last call (the first call: the file's last lines); true when something new arrived.</summary>
    public bool Poll()
    {
        var changed = false;
        if (OpenLog() is { } file)
        {
            using (file)
            {
                if (_opened && !StillTheSame(file))
                {
                    Reset();
                    changed = true;
                }

                if (!_opened)
                {
                    _opened = true;
                    _start = _offset = _partialStart = LinesBack(file, RandomAccess.GetLength(file), _capacity);
                }

                changed |= ReadOn(file);
            }
        }

        var exit = Path.Combine(JobDir, CliAgentInvoker.ExitCodeFile);
        if (!_exitSeen && File.Exists(exit))
        {
            _exitSeen = true;
            AddExit(TurnEnd.Read(JobDir, StderrLines), File.GetLastWriteTimeUtc(exit));
            changed = true;
        }

        return changed;
    }

    /// <summary>
    /// The exit line; after an exit other than 0, the last lines the agent wrote to stderr under a rule, since a turn that
    /// ended without a result says why only there (the stream's lines stop where it crashed).
    /// </summary>
    private void AddExit(TurnEnd end, DateTimeOffset at)
    {
        Add(new LogLine(end.Failed ? TurnLogKind.Error : TurnLogKind.System, $"— agent exited ({end.ExitCode}) —") { Time = at }, _partialStart);
        if (!end.Failed || end.Stderr.Count == 0)
        {
            return;
        }

        Add(new LogLine(TurnLogKind.System, end.Earlier ? $"── stderr, its last {end.Stderr.Count} lines ──" : "── stderr ──"), _partialStart);
        foreach (var line in end.Stderr)
        {
            Add(new LogLine(TurnLogKind.Error, line), _partialStart);
        }
    }

    /// <summary>
    /// Reads up to <paramref name="count"/> lines from before the first one held and puts them in front; returns them (none
    /// when the file starts there, or was written again and the next <see cref="Poll"/> reads it afresh). The window grows by
    /// them, and still lets go at the front as much as arrives after, as it always has.
    /// </summary>
    public IReadOnlyList<LogLine> ReadEarlier(int count)
    {
        if (_start == 0 || OpenLog() is not { } file)
        {
            return [];
        }

        using (file)
        {
            if (!StillTheSame(file))
            {
                return [];
            }

            // Every line before _start is whole: the byte before it ends one.
            var from = LinesBack(file, _start, count);
            var bytes = new byte[_start - from];
            ReadAt(file, bytes, from);
            var earlier = new List<(LogLine Line, long Start)>();
            var span = bytes.AsSpan();
            var at = from;
            int end;
            while ((end = span.IndexOf((byte)'\n')) >= 0)
            {
                if (Parse(span[..end]) is { } line)
                {
                    earlier.Add((line, at));
                }

                at += end + 1;
                span = span[(end + 1)..];
            }

            _lines.AddFirst(earlier);
            _limit += earlier.Count;
            _start = from;
            return earlier.ConvertAll(e => e.Line);
        }
    }

    private SafeFileHandle? OpenLog()
    {
        try
        {
            return File.OpenHandle(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>False when the file shrank below what was read, or no longer has the bytes read last just before that point.</summary>
    private bool StillTheSame(SafeFileHandle file)
    {
        if (RandomAccess.GetLength(file) < _offset)
        {
            return false;
        }

        Span<byte> now = stackalloc byte[MarkLength];
        now = now[.._mark.Length];
        return ReadAt(file, now, _offset - _mark.Length) == _mark.Length && now.SequenceEqual(_mark);
    }

    private void Reset()
    {
        _lines.Clear();
        _partialLength = 0;
        _mark = [];
        _offset = _partialStart = _start = 0;
        _limit = _capacity;
        _opened = false;
        _exitSeen = false;
    }

    /// <summary>
    /// Where the last <paramref name="count"/> lines before <paramref name="end"/> start, reading back from it: the byte
    /// just before <paramref name="end"/> ends the last of them (or belongs to a line not ended yet), so it is not counted.
    /// </summary>
    private long LinesBack(SafeFileHandle file, long end, int count)
    {
        var found = 0;
        for (var pos = end - 1; pos > 0;)
        {
            var n = (int)Math.Min(Chunk, pos);
            pos -= n;
            var span = _chunk.AsSpan(0, ReadAt(file, _chunk.AsSpan(0, n), pos));
            int at;
            while ((at = span.LastIndexOf((byte)'\n')) >= 0)
            {
                if (++found >= count)
                {
                    return pos + at + 1;
                }

                span = span[..at];
            }
        }

        return 0;
    }

    /// <summary>Reads from where the last read stopped to the end; a line is taken once its newline is there.</summary>
    private bool ReadOn(SafeFileHandle file)
    {
        var length = RandomAccess.GetLength(file);
        var from = _offset;
        var added = false;
        while (_offset < length)
        {
            var n = ReadAt(file, _chunk.AsSpan(0, (int)Math.Min(Chunk, length - _offset)), _offset);
            if (n == 0)
            {
                break;
            }

            var span = _chunk.AsSpan(0, n);
            int end;
            while ((end = span.IndexOf((byte)'\n')) >= 0)
            {
                var start = _partialStart;
                if (_partialLength > 0)
                {
                    Keep(span[..end]);
                    added |= Take(_partial.AsSpan(0, _partialLength), start);
                    _partialLength = 0;
                }
                else
                {
                    added |= Take(span[..end], start);
                }

                _offset += end + 1;
                _partialStart = _offset;
                span = span[(end + 1)..];
            }

            // A line not ended yet, or cut by the read (a character of several bytes among them): kept until its newline.
            Keep(span);
            _offset += span.Length;
        }

        if (_offset != from)
        {
            _mark = new byte[Math.Min(MarkLength, _offset)];
            ReadAt(file, _mark, _offset - _mark.Length);
        }

        return added;
    }

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (_partialLength + bytes.Length > _partial.Length)
        {
            Array.Resize(ref _partial, Math.Max(_partial.Length * 2, _partialLength + bytes.Length));
        }

        bytes.CopyTo(_partial.AsSpan(_partialLength));
        _partialLength += bytes.Length;
    }

    private bool Take(ReadOnlySpan<byte> bytes, long start)
    {
        if (Parse(bytes) is not { } line)
        {
            return false;
        }

        Add(line, start);
        return true;
    }

    // A line is "time TAB kind TAB text"; the text was made printable when it was written.
    private static LogLine? Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        var fields = Encoding.UTF8.GetString(bytes).Split('\t', 3);
        if (fields.Length != 3)
        {
            return null;
        }

        var time = DateTimeOffset.TryParse(fields[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        return new LogLine(TurnLogKinds.Parse(fields[1]), fields[2]) { Time = time };
    }


    private void Add(LogLine line, long start)
    {
        _lines.AddLast(line, start);
        while (_lines.Count > Math.Max(1, _limit))
        {
            _lines.RemoveFirst();
            _start = _lines.StartOf(0);
        }
    }

    /// <summary>Fills <paramref name="into"/> from <paramref name="offset"/> as far as the file goes; the bytes read.</summary>
    private static int ReadAt(SafeFileHandle file, Span<byte> into, long offset)
    {
        var total = 0;
        while (total < into.Length)
        {
            var n = RandomAccess.Read(file, into[total..], offset + total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
