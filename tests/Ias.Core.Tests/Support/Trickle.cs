namespace Ias.Core.Tests.Support;

/// <summary>A stream that gives its bytes in reads of the sizes <paramref name="steps"/> names, in turn, as a pipe may.</summary>
public sealed class Trickle(byte[] data, params int[] steps) : Stream
{
    private int _at;
    private int _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => data.Length;

    public override long Position { get => _at; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var step = steps[_read++ % steps.Length];
        var n = Math.Min(Math.Min(step, buffer.Length), data.Length - _at);
        data.AsSpan(_at, n).CopyTo(buffer);
        _at += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
