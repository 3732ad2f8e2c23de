using System.Text;
using Ias.Core.Config;
using Ias.Core.Notifications;
using Ias.Core.Processes;

namespace Ias.Tui.Terminal;

/// <summary>
/// Tells the person at this terminal: a bell (BEL), desktop notifications by OSC 9 (iTerm2, WezTerm, Windows Terminal,
/// kitty) and OSC 777 (foot, Ghostty, VTE terminals), and inside tmux a `tmux display-message` on the status line.
/// </summary>
/// <remarks>
/// Inside tmux the OSC sequences go out as they are, not wrapped in tmux's DCS passthrough: passthrough works only where the
/// person set allow-passthrough (off by default), and tmux drops an OSC it does not know without harm. The status-line
/// message reaches a tmux user with tmux's defaults, and the bell passes through tmux by its own bell-action.
/// </remarks>
public sealed class TerminalNotifier(NotifyConfig config, Stream terminal, bool insideTmux)
{
    private const string Bel = "\a";
    private const string Osc = "\u001b]";

    // How long a tmux client keeps the message on its status line.
    private const string TmuxShowMs = "8000";

    /// <summary>This terminal's notifier: inside tmux when TMUX is set, as tmux sets it for the programs it runs.</summary>
    public static TerminalNotifier For(NotifyConfig config, Stream terminal) =>
        new(config, terminal, Environment.GetEnvironmentVariable("TMUX") is { Length: > 0 });

    /// <summary>
    /// For a headless run: its own stdout when that is a terminal (a person ran it there), else nothing, as a detached
    /// engine writes to its log file and a script's pipe wants no escape codes.
    /// </summary>
    public static Action<Notification>? Headless(NotifyConfig config) =>
        Console.IsOutputRedirected || (config is { Bell: false, Desktop: false, Tmux: false })
            ? null
            : For(config, Console.OpenStandardOutput()).Show;

    /// <summary>The bytes for <paramref name="n"/> that <paramref name="config"/> allows: BEL, OSC 9, OSC 777.</summary>
    public static byte[] Bytes(Notification n, NotifyConfig config)
    {
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(config);

        // One line without control characters, so no text can end a sequence early; OSC 9 text starting with "ias" is
        // never read as ConEmu's `9;4;` progress form.
        var body = Notification.OneLine(n.Summary);
        var text = new StringBuilder();
        if (config.Bell)
        {
            text.Append(Bel);
        }

        if (config.Desktop)
        {
            text.Append($"{Osc}9;ias: {body}{Bel}");
            text.Append($"{Osc}777;notify;ias: {n.Event.Replace('_', ' ')};{body}{Bel}");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Writes the bytes and, inside tmux, starts the status-line message; neither waits for the person.</summary>
    public void Show(Notification n)
    {
        var bytes = Bytes(n, config);
        if (bytes.Length > 0)
        {
            try
            {
                terminal.Write(bytes);
                terminal.Flush();
            }
            catch (IOException)
            {
                // The terminal is gone (a dropped SSH session): nobody is there to tell.
            }
        }

        if (config.Tmux && insideTmux)
        {
            // tmux expands #{...} formats in the message; ## is a literal #.
            var message = $"ias: {Notification.OneLine(n.Summary).Replace("#", "##", StringComparison.Ordinal)}";
            var spec = new ProcessSpec("tmux", ["display-message", "-d", TmuxShowMs, message], Environment.CurrentDirectory,
                new Dictionary<string, string>(), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(1));
            _ = new ProcessRunner(TimeProvider.System).RunAsync(spec, _ => ValueTask.CompletedTask, _ => ValueTask.CompletedTask, null, CancellationToken.None)
                .ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        }
    }
}
