using Ias.Core.Storage;

namespace Ias.Core.Agents;

/// <summary>
/// The agent's stdout in its job dir, line by line as it came (already redacted), written through a buffer that goes to the
/// file after each read of the pipe: a fast agent costs one write per read, not one per line, and a reader in another
/// process (a dashboard, and the turn's own parser, <see cref="AgentStdout"/>) sees each read's lines as soon as it is
/// through. Created 0600, as every file of a job.
/// </summary>
internal sealed class StreamLog : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly FileStream _file;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _used;
    private bool _closed;

    public StreamLog(string path)
    {
        _file = OwnerOnly.Open(path, FileMode.Create, FileAccess.Write, FileShare.Read);
    }

    /// <summary>Raised after bytes went to the file.</summary>
    public event Action? Written;

    /// <summary>Appends one line and its '\n'.</summary>
    public void Append(ReadOnlySpan<byte> line)
    {
        lock (_gate)
        {
            if (_used + line.Length + 1 > BufferSize)
            {
                WriteOut();
                if (line.Length + 1 > BufferSize)
                {
                    // A line bigger than the buffer goes straight to the file.
                    Straight(line);
                    Straight("\n"u8);
                    return;
                }
            }

            line.CopyTo(_buffer.AsSpan(_used));
            _used += line.Length;
            _buffer[_used++] = (byte)'\n';
        }
    }

    /// <summary>
    /// Appends whole lines, each ended by its '\n': straight to the file when nothing waits in the buffer, so the bytes of a
    /// read go to the file as they came, without a copy of their own.
    /// </summary>
    public void Write(ReadOnlySpan<byte> lines)
    {
        lock (_gate)
        {
            if (_used > 0 && _used + lines.Length <= BufferSize)
            {
                lines.CopyTo(_buffer.AsSpan(_used));
                _used += lines.Length;
                return;
            }

            WriteOut();
            Straight(lines);
        }
    }

    /// <summary>Writes out what waits in the buffer.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            WriteOut();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            try
            {
                WriteOut();
            }
            finally
            {
                _closed = true;
                _file.Dispose();
            }
        }
    }

    private void Straight(ReadOnlySpan<byte> bytes)
    {
        if (_closed)
        {
            return;
        }

        _file.Write(bytes);
        _file.Flush();
        Written?.Invoke();
    }

    private void WriteOut()
    {
        if (_used == 0 || _closed)
        {
            return;
        }

        var used = _used;
        _used = 0;
        _file.Write(_buffer, 0, used);
        _file.Flush();
        Written?.Invoke();
    }
}
