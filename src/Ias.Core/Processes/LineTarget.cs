using System.Text;
using CliWrap;

namespace Ias.Core.Processes;

/// <summary>A CliWrap pipe target that cuts a child's output into UTF-8 lines and hands each to a callback, one at a time.</summary>
/// <remarks>
/// Not CliWrap's own line delegate: that one also ends a line at a lone '\r', and holds a line without a newline whole however
/// long it grows. Here a line ends at '\n' only (a '\r' before it is dropped), and a runaway line must not exhaust memory.
/// </remarks>
internal sealed class LineTarget(Func<string, ValueTask> onLine) : PipeTarget
{
    private const int MaxLineChars = 32 * 1024 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Ends at the end of the stream, faults with the callback's exception, or is cancelled with the read.</summary>
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
    }

    private async Task PumpAsync(Stream origin, CancellationToken ct)
    {
        // Invalid bytes become U+FFFD, as a terminal would show them; the stream goes on.
        using var reader = new StreamReader(origin, Utf8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true);
        var buffer = new char[16 * 1024];
        var line = new StringBuilder();
        while (true)
        {
            int read;
            try
            {
                read = await reader.ReadAsync(buffer.AsMemory(), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != '\n')
                {
                    continue;
                }

                line.Append(buffer, start, i - start);
                await EmitAsync(line).ConfigureAwait(false);
                start = i + 1;
            }

            line.Append(buffer, start, read - start);

            // A runaway line without newlines is passed on in pieces.
            if (line.Length >= MaxLineChars)
            {
                await EmitAsync(line).ConfigureAwait(false);
            }
        }

        if (line.Length > 0)
        {
            await EmitAsync(line).ConfigureAwait(false);
        }
    }

    private ValueTask EmitAsync(StringBuilder line)
    {
        var length = line.Length > 0 && line[^1] == '\r' ? line.Length - 1 : line.Length;
        var text = line.ToString(0, length);
        line.Clear();
        return onLine(text);
    }
}
