namespace Ias.Tui.Terminal;

/// <summary>The terminal's output stream, serialised with restoration and silenced once the terminal is restored.</summary>
internal sealed class TerminalOutput(Stream inner, Lock gate, Func<bool> isRestored) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        // A frame drawn after a signal restored the terminal would land on the user's shell; drop it.
        lock (gate)
        {
            if (!isRestored())
            {
                inner.Write(buffer);
            }
        }
    }

    public override void Flush()
    {
        lock (gate)
        {
            if (!isRestored())
            {
                inner.Flush();
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
