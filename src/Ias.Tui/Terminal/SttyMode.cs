using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Ias.Tui.Terminal;

/// <summary>Raw mode through stty on /dev/tty, saved with stty -g and restored from that exact string.</summary>
public sealed partial class SttyMode : ITtyMode
{
    private string? _saved;

    public void EnterRaw()
    {
        var saved = Run("-g").Trim();
        if (!SavedSettings().IsMatch(saved))
        {
            throw new IOException($"stty -g printed unexpected settings \"{saved}\"; run ias from an interactive terminal");
        }

        _saved = saved;

        // raw: bytes arrive as typed, Ctrl-C and Ctrl-Z are keys rather than signals, ctrl-s/ctrl-q do not freeze
        // the output. opost keeps output processing so a stray '\n' still returns to column 1.
        Run("raw -echo opost");
    }

    public void Restore()
    {
        if (_saved is { } saved)
        {
            Run(saved);
        }
    }

    // stty acts on its standard input, so it is redirected from /dev/tty: this works even when ias's own
    // stdin is a pipe, and fails clearly when there is no controlling terminal.
    private static string Run(string arguments)
    {
        var start = new ProcessStartInfo("sh", ["-c", $"stty {arguments} < /dev/tty"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new IOException("could not start sh to run stty; check that /bin/sh exists");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new IOException($"stty {arguments} failed: {error.Trim()}; run ias from an interactive terminal");
        }

        return output.Result;
    }

    // stty -g prints colon-separated hex on Linux and "gfmt1:key=value:..." on BSD and macOS; nothing that
    // could carry shell syntax into the command that restores it.
    [GeneratedRegex("^[0-9A-Za-z:=]+$")]
    private static partial Regex SavedSettings();
}
