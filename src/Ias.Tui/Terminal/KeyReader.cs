using System.Threading.Channels;

namespace Ias.Tui.Terminal;

/// <summary>Reads a terminal's input stream on a background thread and publishes the decoded keys.</summary>
public sealed class KeyReader : IDisposable
{
    /// <summary>How long a lone ESC waits for the rest of a sequence before it counts as the Esc key.</summary>
    public static readonly TimeSpan DefaultEscapeTimeout = TimeSpan.FromMilliseconds(50);

    private readonly Stream _input;
    private readonly TimeProvider _time;
    private readonly TimeSpan _escapeTimeout;
    private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<KeyPress> _keys = Channel.CreateUnbounded<KeyPress>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();

    public KeyReader(Stream input, TimeProvider? time = null, TimeSpan? escapeTimeout = null)
    {
        _input = input;
        _time = time ?? TimeProvider.System;
        _escapeTimeout = escapeTimeout ?? DefaultEscapeTimeout;

        // A blocking read on a terminal cannot be cancelled, so it gets its own background thread that
        // never holds up process exit, rather than a thread-pool thread blocked for the session.
        new Thread(Pump) { IsBackground = true, Name = "ias key reader" }.Start();
        Decoding = Task.Run(DecodeAsync);
    }

    /// <summary>Keys in the order typed; completes when the input ends, faults when reading it failed.</summary>
    public ChannelReader<KeyPress> Keys => _keys.Reader;

    /// <summary>Completes when decoding stops (end of input or Dispose).</summary>
    public Task Decoding { get; }

    /// <summary>Stops publishing keys; the input stream stays open (its owner closes it).</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _chunks.Writer.TryComplete();
    }

    private void Pump()
    {
        var buffer = new byte[1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var count = _input.Read(buffer);
                if (count <= 0)
                {
                    break;
                }

                _chunks.Writer.TryWrite(buffer.AsSpan(0, count).ToArray());
            }

            _chunks.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _chunks.Writer.TryComplete(ex);
        }
    }

    private async Task DecodeAsync()
    {
        var decoder = new KeyDecoder();
        try
        {
            while (true)
            {
                bool more;
                if (decoder.HasPending)
                {
                    using var timeout = new CancellationTokenSource(_escapeTimeout, _time);
                    using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stop.Token);
                    try
                    {
                        more = await _chunks.Reader.WaitToReadAsync(either.Token);
                    }
                    catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                    {
                        Publish(decoder.Idle());
                        continue;
                    }
                }
                else
                {
                    more = await _chunks.Reader.WaitToReadAsync(_stop.Token);
                }

                if (!more)
                {
                    Publish(decoder.Idle());
                    break;
                }

                while (_chunks.Reader.TryRead(out var chunk))
                {
                    Publish(decoder.Feed(chunk));
                }
            }

            _keys.Writer.TryComplete();
        }
        catch (OperationCanceledException)
        {
            _keys.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _keys.Writer.TryComplete(ex);
        }
    }

    private void Publish(IReadOnlyList<KeyPress> keys)
    {
        foreach (var key in keys)
        {
            _keys.Writer.TryWrite(key);
        }
    }
}
