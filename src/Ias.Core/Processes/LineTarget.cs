using System.Buffers;
using CliWrap;

namespace Ias.Core.Processes;

/// <summary>A CliWrap pipe target that cuts a child's output into lines of UTF-8 bytes and hands each read's lines to a sink, one read at a time.</summary>
/// <remarks>
/// Not CliWrap's own line delegate: that one also ends a line at a lone '\r', and holds a line without a newline whole however
/// long it grows. Here a line ends at '\n' only (a '\r' before it is dropped), and a runaway line must not exhaust memory.
/// The whole lines of one read go to the sink together, straight from the read's buffer (<see cref="ILineSink.Lines"/>); only
/// a line split across reads is copied, and goes on alone.
/// </remarks>
internal sealed class LineTarget(ILineSink sink, SemaphoreSlim gate, Action touch, OutputBudget? budget = null) : PipeTarget
{
    /// <summary>A line without a newline is passed on in pieces of this size.</summary>
    internal const int MaxLineBytes = 32 * 1024 * 1024;

    private const int ReadSize = 64 * 1024;

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private byte[] _carry = [];
    private int _carried;
    private bool _first = true;

    /// <summary>Ends at the end of the stream, faults with the sink's exception, or is cancelled with the read.</summary>
    public Task Completion => _done.Task;

    public override async Task CopyFromAsync(Stream origin, CancellationToken cancellationToken = default)
    {
        try
        {
            await PumpAsync(origin, cancellationToken).ConfigureAwait(false);
            _done.TrySetResult();
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            _done.TrySetCanceled(e.CancellationToken);
            throw;
        }
        catch (Exception e)
        {
            _done.TrySetException(e);
            throw;
        }
        finally
        {
            if (_carry.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_carry);
                _carry = [];
            }
        }
    }

    private async Task PumpAsync(Stream origin, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await origin.ReadAsync(buffer.AsMemory(0, ReadSize), ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                // Past the limit the child is stopped by the runner; what it wrote beyond it is not handed on.
                if (budget is not null && !budget.Spend(read))
                {
                    break;
                }

                await HandOnAsync(buffer, read, last: false).ConfigureAwait(false);
            }

            if (_carried > 0)
            {
                await HandOnAsync(buffer, 0, last: true).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The sink is fed under the gate that keeps stdout's and stderr's consumers from running at once; the lines' bytes
    // stay valid until it returns, since the next read waits for this one.
    private async ValueTask HandOnAsync(byte[] buffer, int read, bool last)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        var progress = false;
        try
        {
            progress = Cut(buffer.AsSpan(0, read), last);
            if (progress)
            {
                touch();
            }

            await sink.ReadEndAsync().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();

            // The child cannot write while our consumer is busy, so time spent in the sink is not the child's silence.
            if (progress)
            {
                touch();
            }
        }
    }

    private bool Cut(ReadOnlySpan<byte> data, bool last)
    {
        var progress = false;
        if ((_carried > 0 || _first) && data.IndexOf((byte)'\n') is var nl and >= 0)
        {
            // The line begun by an earlier read, or the first line (it may begin with a byte order mark), goes on alone.
            if (_carried > 0)
            {
                Carry(data[..nl]);
                progress |= Emit(_carry.AsSpan(0, _carried));
                _carried = 0;
            }
            else
            {
                progress |= Emit(data[..nl]);
            }

            data = data[(nl + 1)..];
        }

        // The rest of the read's whole lines go on together, straight from the read's buffer, unless a '\r' is to be dropped.
        var whole = data[..(data.LastIndexOf((byte)'\n') + 1)];
        if (whole.IndexOf("\r\n"u8) >= 0)
        {
            progress |= EmitEach(whole);
        }
        else if (!whole.IsEmpty)
        {
            progress |= sink.Lines(whole);
        }

        Carry(data[whole.Length..]);
        if (last && _carried > 0)
        {
            progress |= Emit(_carry.AsSpan(0, _carried));
            _carried = 0;
        }

        // A runaway line without newlines is passed on in pieces, each cut where a character begins.
        while (_carried >= MaxLineBytes)
        {
            var cut = MaxLineBytes;
            while (cut > MaxLineBytes - 4 && cut < _carried && (_carry[cut] & 0xC0) == 0x80)
            {
                cut--;
            }

            progress |= Emit(_carry.AsSpan(0, cut));
            _carry.AsSpan(cut, _carried - cut).CopyTo(_carry);
            _carried -= cut;
        }

        return progress;
    }

    private bool EmitEach(ReadOnlySpan<byte> lines)
    {
        var progress = false;
        while (lines.IndexOf((byte)'\n') is var nl and >= 0)
        {
            progress |= Emit(lines[..nl]);
            lines = lines[(nl + 1)..];
        }

        return progress;
    }

    private void Carry(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (_carried + bytes.Length > _carry.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_carried + bytes.Length, Math.Max(ReadSize, _carry.Length * 2)));
            _carry.AsSpan(0, _carried).CopyTo(grown);
            if (_carry.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_carry);
            }

            _carry = grown;
        }

        bytes.CopyTo(_carry.AsSpan(_carried));
        _carried += bytes.Length;
    }

    private bool Emit(ReadOnlySpan<byte> line)
    {
        // A byte order mark before the first line is no part of it, as a text reader would drop it.
        if (_first)
        {
            _first = false;
            if (line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }
        }

        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return sink.Line(line);
    }
}
