using System.Collections.Concurrent;
using Ias.Tui.Terminal;

namespace Ias.Tui.Tests.Terminal;

public class KeyReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Keys_written_to_the_input_come_out_in_order_and_a_lone_esc_after_the_timeout()
    {
        using var input = new TypedInput();
        using var reader = new KeyReader(input, escapeTimeout: TimeSpan.FromMilliseconds(20));

        input.Type("j\e[A"u8);
        Assert.Equal(KeyPress.Character('j'), await reader.Keys.ReadAsync().AsTask().WaitAsync(Timeout));
        Assert.Equal(KeyPress.Of(Key.Up), await reader.Keys.ReadAsync().AsTask().WaitAsync(Timeout));

        input.Type("\e"u8);
        Assert.Equal(KeyPress.Of(Key.Escape), await reader.Keys.ReadAsync().AsTask().WaitAsync(Timeout));

        input.Type("\ex"u8);
        Assert.Equal(KeyPress.Character('x', KeyModifiers.Alt), await reader.Keys.ReadAsync().AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task The_end_of_the_input_completes_the_keys_after_the_last_one()
    {
        using var input = new MemoryStream("q\e"u8.ToArray());
        using var reader = new KeyReader(input);

        var keys = new List<KeyPress>();
        await foreach (var key in reader.Keys.ReadAllAsync().WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            keys.Add(key);
        }

        Assert.Equal([KeyPress.Character('q'), KeyPress.Of(Key.Escape)], keys);
    }

    [Fact]
    public async Task A_failing_input_faults_the_keys_with_its_error()
    {
        using var reader = new KeyReader(new FailingStream());

        var error = await Assert.ThrowsAsync<IOException>(() => reader.Keys.Completion.WaitAsync(Timeout));

        Assert.Equal("terminal gone", error.Message);
    }

    [Fact]
    public async Task Dispose_completes_the_keys_while_a_read_is_still_blocked()
    {
        using var input = new TypedInput();
        var reader = new KeyReader(input);

        reader.Dispose();

        await reader.Keys.Completion.WaitAsync(Timeout);
        Assert.True(reader.Decoding.IsCompleted);
    }

    // Like a terminal: Read blocks until something is typed, and returns what one keystroke sent in one piece.
    private sealed class TypedInput : MemoryStream
    {
        private readonly BlockingCollection<byte[]> _typed = [];

        public void Type(ReadOnlySpan<byte> bytes) => _typed.Add(bytes.ToArray());

        public override int Read(Span<byte> buffer)
        {
            if (!_typed.TryTake(out var bytes, Timeout))
            {
                return 0;
            }

            bytes.CopyTo(buffer);
            return bytes.Length;
        }

        protected override void Dispose(bool disposing)
        {
            _typed.CompleteAdding();
            base.Dispose(disposing);
        }
    }

    private sealed class FailingStream : MemoryStream
    {
        public override int Read(Span<byte> buffer) => throw new IOException("terminal gone");
    }
}
