using System.Text;

namespace Ias.Tui.Input;

/// <summary>
/// The one binding table: it drives key handling, the footer, the `?` help overlay and the README's key table.
/// Never bind ctrl-s or ctrl-q (terminal flow control) or ctrl-b / ctrl-a (tmux and screen prefixes).
/// </summary>
public static class KeyBindings
{
    public static IReadOnlyList<KeyBinding> All { get; } =
    [
        new(["h"], DashboardCommand.Halt, "halt after the current phase", InFooter: true, Confirm: "Halt the run after the current phase?"),
        new(["H"], DashboardCommand.HaltNow, "halt now: stop the agent (--force)", Confirm: "Stop the agent NOW and halt the run?"),
        new(["r"], DashboardCommand.Resume, "resume the run", InFooter: true),
        new(["R"], DashboardCommand.ResumeResetIce, "resume and reset the circuit breaker (--reset-ice)", Confirm: "Reset the circuit breaker and resume?"),
        new(["tab"], DashboardCommand.FocusNext, "focus the next pane", InFooter: true, FooterLabel: "tab"),
        new(["shift-tab"], DashboardCommand.FocusPrevious, "focus the previous pane"),
        new(["1"], DashboardCommand.FocusQueue, "focus the queue"),
        new(["2"], DashboardCommand.FocusLog, "focus the log"),
        new(["3"], DashboardCommand.FocusBreaker, "focus the circuit breaker"),
        new(["4"], DashboardCommand.FocusRate, "focus the rate limits"),
        new(["j", "down"], DashboardCommand.Down, "move down / scroll down", InFooter: true, FooterLabel: "j/k"),
        new(["k", "up"], DashboardCommand.Up, "move up / scroll up"),
        new(["pgdn"], DashboardCommand.PageDown, "page down"),
        new(["pgup"], DashboardCommand.PageUp, "page up"),
        new(["g", "home"], DashboardCommand.Top, "go to the top"),
        new(["G", "end"], DashboardCommand.Bottom, "go to the bottom"),
        new(["enter"], DashboardCommand.Open, "open the selected job's log", InFooter: true),
        new(["esc"], DashboardCommand.Back, "back: close help, a dialog or the filter (never quits)"),
        new(["/"], DashboardCommand.Filter, "filter the log", InFooter: true),
        new(["f"], DashboardCommand.Follow, "follow the log", InFooter: true),
        new(["w"], DashboardCommand.Wrap, "wrap long log lines"),
        new(["?"], DashboardCommand.Help, "help: every key", InFooter: true),
        new(["q"], DashboardCommand.Quit, "quit the dashboard (the engine keeps running)", InFooter: true),
    ];

    private static readonly Dictionary<string, KeyBinding> ByKey = All
        .SelectMany(b => b.Keys.Select(k => (k, b)))
        .ToDictionary(x => x.k, x => x.b, StringComparer.Ordinal);

    /// <summary>The binding of a key name (`h`, `shift-tab`, `down`), or null.</summary>
    public static KeyBinding? For(string key) => ByKey.GetValueOrDefault(key);

    public static KeyBinding Of(DashboardCommand command) => All.First(b => b.Command == command);

    /// <summary>The footer's hints in table order, as (keys, description) pairs.</summary>
    public static IEnumerable<(string Keys, string Description)> Footer() =>
        All.Where(b => b.InFooter).Select(b => (b.KeyLabel, FooterWord(b.Command)));

    /// <summary>
    /// The hints that fit in <paramref name="width"/> columns ("keys word  " each): the last ones are dropped first, but
    /// help and quit stay, so a small pane still says how to learn the rest and how to leave.
    /// </summary>
    public static IReadOnlyList<(string Keys, string Description)> Footer(int width)
    {
        var hints = All.Where(b => b.InFooter).ToList();
        static int Width(KeyBinding b) => b.KeyLabel.Length + FooterWord(b.Command).Length + 3;
        while (hints.Sum(Width) > width && hints.FindLastIndex(b => b.Command is not (DashboardCommand.Help or DashboardCommand.Quit)) is var i and >= 0)
        {
            hints.RemoveAt(i);
        }

        return [.. hints.Select(b => (b.KeyLabel, FooterWord(b.Command)))];
    }

    /// <summary>The README's key table, generated from the same rows.</summary>
    public static string Markdown()
    {
        var sb = new StringBuilder("| key | what it does |\n| --- | --- |\n");
        foreach (var b in All)
        {
            sb.Append("| ").Append(string.Join(", ", b.Keys.Select(k => $"`{k}`"))).Append(" | ").Append(b.Description)
              .Append(b.Confirm is null ? "" : " (asks first)").Append(" |\n");
        }

        return sb.ToString();
    }

    private static string FooterWord(DashboardCommand c) => c switch
    {
        DashboardCommand.Halt => "halt",
        DashboardCommand.Resume => "resume",
        DashboardCommand.FocusNext => "pane",
        DashboardCommand.Down => "move",
        DashboardCommand.Open => "open",
        DashboardCommand.Filter => "filter",
        DashboardCommand.Follow => "follow",
        DashboardCommand.Help => "help",
        DashboardCommand.Quit => "quit",
        _ => c.ToString().ToLowerInvariant(),
    };
}
