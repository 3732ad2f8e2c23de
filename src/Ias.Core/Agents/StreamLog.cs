using System.Runtime.ExceptionServices;
using Ias.Core.Storage;

namespace Ias.Core.Agents;

/// <summary>
/// The agent's stdout in its job dir, line by line as it came (already redacted), written through a buffer: a fast agent
/// costs one write per buffer, not one per line, and a timer flushes what waits so a reader in another process sees a
/// quiet agent's last line within <see cref="FlushEvery"/>. Created 0600, as every file of a job.
/// </summary>
internal sealed class StreamLog : IDisposable
{
    /// <summary>How long a line may wait in the buffer before a reader of the file sees it.</summary>
    public static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(100);

    private const int BufferSize = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly FileStream _file;
    private readonly ITimer _timer;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _used;
    private ExceptionDispatchInfo? _failed;

    public StreamLog(string path, TimeProvider clock)
    {
        _file = OwnerOnly.Open(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _timer = clock.CreateTimer(_ => FlushQuietly(), null, FlushEvery, FlushEvery);
    }

    /// <summary>Appends one line and its '\n'.</summary>
    public void Append(ReadOnlySpan<byte> line)
    {
        lock (_gate)
        {
            _failed?.Throw();
            if (_used + line.Length + 1 > BufferSize)
            {
                WriteOut();
                if (line.Length + 1 > BufferSize)
                {
                    // A line bigger than the buffer goes straight to the file.
                    _file.Write(line);
                    _file.Write("\n"u8);
                    return;
                }
            }

            line.CopyTo(_buffer.AsSpan(_used));
            _used += line.Length;
            _buffer[_used++] = (byte)'\n';
        }
    }

    /// <summary>Writes out what waits in the buffer.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            _failed?.Throw();
            WriteOut();
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        try
        {
            Flush();
        }
        finally
        {
            _file.Dispose();
        }
    }

    // The timer's thread has no one to tell: a write that fails there (a full disk) is kept and thrown by the next
    // append, on the turn's own thread, instead of ending the whole process with an unhandled exception.
    private void FlushQuietly()
    {
        lock (_gate)
        {
            try
            {
                WriteOut();
            }
            catch (IOException e)
            {
                _failed ??= ExceptionDispatchInfo.Capture(e);
            }
        }
    }

    private void WriteOut()
    {
        if (_used == 0)
        {
            return;
        }

        var used = _used;
        _used = 0;
        _file.Write(_buffer, 0, used);
        _file.Flush();
    }
}
