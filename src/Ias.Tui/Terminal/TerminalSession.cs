using System.Runtime.InteropServices;
using System.Threading.Channels;
using Spectre.Console;

namespace Ias.Tui.Terminal;

/// <summary>Owns the terminal while the dashboard runs: alternate screen, hidden cursor, raw input; puts everything back however the process ends.</summary>
public sealed class TerminalSession : IDisposable
{
    /// <summary>Alternate screen, hide the cursor, no line wrap. Mouse reporting is never turned on.</summary>
    public const string EnterSequence = "\e[?1049h\e[?25l\e[?7l";

    /// <summary>End a half-sent synchronized frame, reset the pen, wrap and cursor back on, leave the alternate screen.</summary>
    public const string RestoreSequence = "\e[?2026l\e[0m\e[?7h\e[?25h\e[?1049l";

    private static readonly Size FallbackSize = new(80, 24);

    private readonly Stream _terminal;
    private readonly ITtyMode _tty;
    private readonly Func<Size> _readSize;
    private readonly Lock _gate = new();
    private readonly Channel<Size> _resized = Channel.CreateBounded<Size>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly bool _hooksProcess;
    private int _restored;

    /// <summary>Takes over a terminal given as parts; Open() wires up the real one.</summary>
    /// <param name="terminal">Where escape sequences go.</param>
    /// <param name="input">Where key bytes come from (for KeyReader).</param>
    /// <param name="tty">Raw mode switch.</param>
    /// <param name="readSize">Reads the current size in columns and rows.</param>
    /// <param name="hookProcess">Restore on SIGTERM, SIGHUP, SIGINT, unhandled exceptions and process exit, and watch SIGWINCH.</param>
    public TerminalSession(Stream terminal, Stream input, ITtyMode tty, Func<Size> readSize, bool hookProcess)
    {
        _terminal = terminal;
        _tty = tty;
        _readSize = readSize;
        _hooksProcess = hookProcess;
        Input = input;
        Output = new TerminalOutput(terminal, _gate, () => Volatile.Read(ref _restored) != 0);

        // Raw mode first: if there is no terminal it throws before anything was written or hooked.
        _tty.EnterRaw();
        try
        {
            WriteRaw(EnterSequence);
            Size = ReadSize();
            if (hookProcess)
            {
                HookProcess();
            }
        }
        catch
        {
            Restore();
            throw;
        }
    }

    /// <summary>The terminal's size when last read (at start and on each resize).</summary>
    public Size Size { get; private set; }

    /// <summary>Resize notices; holds only the newest, so a storm of SIGWINCH never queues stale sizes.</summary>
    public ChannelReader<Size> Resized => _resized.Reader;

    /// <summary>Write frames here, one Write and Flush per frame; writes after restoration are dropped.</summary>
    public Stream Output { get; }

    /// <summary>Raw key bytes from the terminal.</summary>
    public Stream Input { get; }

    public bool IsRestored => Volatile.Read(ref _restored) != 0;

    /// <summary>Takes over the controlling terminal (/dev/tty), with signal and crash handlers.</summary>
    public static TerminalSession Open()
    {
        // /dev/tty rather than Console.OpenStandardInput: on a terminal .NET reads stdin through its own line
        // editor, which puts the terminal back into line mode. Both streams stay open until the process exits:
        // closing a stream that KeyReader's thread is blocked reading would hang.
        var output = OpenTty(FileAccess.Write);
        var input = OpenTty(FileAccess.Read);
        return new TerminalSession(output, input, new SttyMode(), ConsoleSize, hookProcess: true);
    }

    /// <summary>Re-reads the size and publishes it; called on SIGWINCH, callable when a consumer suspects a missed one.</summary>
    public Size RefreshSize()
    {
        var size = ReadSize();
        Size = size;
        _resized.Writer.TryWrite(size);
        return size;
    }

    /// <summary>Puts the terminal back as it was; safe to call any number of times from any thread.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            if (_restored != 0)
            {
                return;
            }

            Volatile.Write(ref _restored, 1);
            try
            {
                var bytes = System.Text.Encoding.ASCII.GetBytes(RestoreSequence);
                _terminal.Write(bytes);
                _terminal.Flush();
            }
            catch (IOException)
            {
                // The terminal may be gone (SIGHUP after the SSH connection dropped); the tty settings still matter.
            }
            finally
            {
                _tty.Restore();
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Restore();
        }
        finally
        {
            Unhook();
        }
    }

    private static FileStream OpenTty(FileAccess access)
    {
        try
        {
            return new FileStream("/dev/tty", FileMode.Open, access, FileShare.ReadWrite, bufferSize: 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot open /dev/tty ({ex.Message}); run ias from an interactive terminal", ex);
        }
    }

    private static Size ConsoleSize() => new(Console.WindowWidth, Console.WindowHeight);

    private Size ReadSize()
    {
        try
        {
            var size = _readSize();
            return size.Width > 0 && size.Height > 0 ? size : FallbackSize;
        }
        catch (IOException)
        {
            return FallbackSize;
        }
    }

    private void WriteRaw(string sequence)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(sequence);
        Output.Write(bytes);
        Output.Flush();
    }

    private void HookProcess()
    {
        AppDomain.CurrentDomain.UnhandledException += OnUnhandledException;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGWINCH, _ => RefreshSize()));
        foreach (var (signal, number) in new[] { (PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGINT, 2) })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                Restore();

                // Exit ourselves rather than let the runtime re-raise: ProcessExit handlers then run (the engine
                // releases its lock) and the status is the shell's usual 128+signal either way.
                context.Cancel = true;
                Environment.Exit(128 + number);
            }));
        }
    }

    private void Unhook()
    {
        foreach (var registration in _signals)
        {
            registration.Dispose();
        }

        _signals.Clear();
        if (_hooksProcess)
        {
            AppDomain.CurrentDomain.UnhandledException -= OnUnhandledException;
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        }
    }

    private void OnUnhandledException(object? sender, UnhandledExceptionEventArgs e) => Restore();

    private void OnProcessExit(object? sender, EventArgs e) => Restore();
}
