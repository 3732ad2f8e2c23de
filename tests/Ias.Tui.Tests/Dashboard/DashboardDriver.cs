using System.IO.Pipes;
using System.Text;
using Ias.Tui.Commands;
using Ias.Tui.Commands.Queue;
using Ias.Tui.Dashboard;
using Ias.Tui.Terminal;
using Ias.Tui.Tests.Terminal;
using Spectre.Console;

namespace Ias.Tui.Tests.Dashboard;

/// <summary>
/// `ias dashboard` in this process, on a terminal of the test's own: keys go in as the bytes a terminal sends, and what
/// the dashboard writes is read off a <see cref="VirtualTerminal"/>, which fails on any sequence a terminal would not take.
/// </summary>
/// <remarks>
/// The whole dashboard runs: its loop, timer, key decoder, frame writer and the clients that read the checkout. What
/// is about the terminal itself (raw mode, signals, SIGWINCH, colour depth) is tmux's, in the end-to-end tier.
/// </remarks>
internal sealed class DashboardDriver : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly AnonymousPipeServerStream _keys = new(PipeDirection.Out);
    private readonly Screen _screen;
    private readonly TerminalSession _session;
    private readonly CancellationTokenSource _stop = new();
    private IDisposable? _shared;

    private DashboardDriver(DashboardApp app, int width, int height)
    {
        _screen = new Screen(width, height);
        var input = new AnonymousPipeClientStream(PipeDirection.In, _keys.ClientSafePipeHandle);
        _session = new TerminalSession(_screen, input, new NoTty(), () => _screen.Size, hookProcess: false);
        App = app;
        Exited = Task.Run(() => app.RunAsync(_session, _stop.Token));
    }

    /// <summary>The dashboard as `ias dashboard FLAGS` opens it on <paramref name="repo"/>, the terminal <paramref name="width"/> by <paramref name="height"/>.</summary>
    public static DashboardDriver Open(string repo, int width, int height, params string[] flags)
    {
        var parsed = Cli.Build().Parse(["dashboard", .. flags]);
        Assert.Empty(parsed.Errors);
        var root = Path.GetFullPath(repo);
        var shared = QueueHost.Watch(root);
        var target = DashboardTarget.Choose(root, parsed.GetValue<string?>("--run"), parsed.GetValue<bool>("--latest"), parsed.GetValue<bool>("--run-mode"), shared);
        var app = DisplayOptions.App(parsed, root, target, shared, morning: !parsed.GetValue<bool>("--no-report"));
        return new DashboardDriver(app, width, height) { _shared = shared };
    }

    public DashboardApp App { get; }

    /// <summary>Ends with the dashboard: after q, or when the driver is disposed.</summary>
    public Task<int> Exited { get; }

    /// <summary>The screen now, row by row, trailing blanks cut.</summary>
    public string Text => _screen.Text;

    /// <summary>Types <paramref name="keys"/>, each a tmux key name (Escape, Enter, Up, Down, Left, Right, BSpace, C-c) or text.</summary>
    public void Keys(params string[] keys)
    {
        foreach (var key in keys)
        {
            var bytes = Encoding.UTF8.GetBytes(key switch
            {
                "Escape" => "\e",
                "Enter" or "enter" => "\r",
                "BSpace" => "\x7f",
                "Up" => "\e[A",
                "Down" => "\e[B",
                "Right" => "\e[C",
                "Left" => "\e[D",
                "C-c" => "\x03",
                _ => key,
            });
            _keys.Write(bytes);
            _keys.Flush();
        }
    }

    /// <summary>The screen once it shows <paramref name="text"/>; failing, past the timeout, with the screen as it was.</summary>
    public Task<string> WaitForAsync(string text) => WaitForAsync(s => s.Contains(text, StringComparison.Ordinal), $"\"{text}\" on screen");

    /// <summary>The screen once <paramref name="seen"/> holds of it; failing, past the timeout, saying <paramref name="what"/> never showed.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> seen, string what)
    {
        ArgumentNullException.ThrowIfNull(seen);

        // A deadline only a hang reaches: the wait itself is for the dashboard's next frame, or its end.
        using var deadline = new CancellationTokenSource(Timeout);
        while (true)
        {
            var frame = _screen.NextFrame;
            var text = Text;
            if (seen(text))
            {
                return text;
            }

            if (Exited.IsCompleted)
            {
                await Exited;
                Assert.Fail($"the dashboard ended before {what}; its screen:\n{text}");
            }

            try
            {
                await Task.WhenAny(frame, Exited).WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{what} never happened within {Timeout}; the screen:\n{Text}");
            }
        }
    }

    /// <summary>The terminal becomes <paramref name="width"/> by <paramref name="height"/>, as SIGWINCH tells the dashboard.</summary>
    public void Resize(int width, int height)
    {
        _screen.Resize(width, height);
        _session.RefreshSize();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Exited;
        }
        catch (OperationCanceledException)
        {
            // The dashboard ended on the cancellation, as a test that did not quit it asks.
        }

        _session.Dispose();
        _shared?.Dispose();
        await _keys.DisposeAsync();
        _stop.Dispose();
    }

    /// <summary>The terminal's output: each write fed to a virtual terminal, each frame a signal to whoever waits for the screen.</summary>
    private sealed class Screen(int width, int height) : Stream
    {
        private readonly Lock _gate = new();
        private VirtualTerminal _terminal = new(width, height);
        private TaskCompletionSource _frame = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Size Size { get; private set; } = new(width, height);

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return _terminal.Text;
                }
            }
        }

        /// <summary>Completes at the next write.</summary>
        public Task NextFrame
        {
            get
            {
                lock (_gate)
                {
                    return _frame.Task;
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Resize(int width, int height)
        {
            lock (_gate)
            {
                // A terminal that changes size keeps no layout; the dashboard draws its next frame whole.
                (_terminal, Size) = (new VirtualTerminal(width, height), new Size(width, height));
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            TaskCompletionSource done;
            lock (_gate)
            {
                _terminal.Feed(Encoding.UTF8.GetString(buffer, offset, count));
                (done, _frame) = (_frame, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            done.SetResult();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>A terminal with no line discipline to switch: the bytes typed reach the dashboard as they are.</summary>
    private sealed class NoTty : ITtyMode
    {
        public void EnterRaw()
        {
        }

        public void Restore()
        {
        }
    }
}
