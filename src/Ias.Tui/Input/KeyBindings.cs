using System.Text;
using Ias.Core.Snapshots;

namespace Ias.Tui.Input;

/// <summary>
/// The one binding table: it drives key handling, the footer, the `?` help overlay and the key table of docs/dashboard.md.
/// The dashboard's panes add their number keys (see <see cref="Focus"/>); every other row is here.
/// Never bind ctrl-s or ctrl-q (terminal flow control) or ctrl-b / ctrl-a (tmux and screen prefixes).
/// </summary>
public sealed class KeyBindings
{
    /// <summary>The rows above the panes' number keys: the engine's controls and focus cycling.</summary>
    private static readonly KeyBinding[] Control =
    [
        new(["h"], DashboardCommand.Halt, "halt after the current phase", InFooter: true, Confirm: "Halt the run after the current phase?", WhyNot: EngineKeys.WhyNoHalt),
        new(["H"], DashboardCommand.HaltNow, "halt now: stop the agent (--force)", Confirm: "Stop the agent NOW and halt the run?", WhyNot: EngineKeys.WhyNoHalt),
        new(["X"], DashboardCommand.HaltAll, "halt every run at work here, each after its current phase", Confirm: "Halt every run at work here after its current phase?", WhyNot: EngineKeys.WhyNoHaltAll),
        new(["r"], DashboardCommand.Resume, "resume the run", InFooter: true, WhyNot: EngineKeys.WhyNoResume),
        new(["R"], DashboardCommand.ResumeResetIce, "resume and reset the circuit breaker (--reset-ice)", Confirm: "Reset the circuit breaker and resume?", WhyNot: EngineKeys.WhyNoResume),
        new(["e"], DashboardCommand.Why, "why the run stopped: the whole halt reason and the failed agent's last stderr lines", InFooter: true, WhyNot: EngineKeys.WhyNoFailure),
        new(["a"], DashboardCommand.Answer, "answer the oldest question an agent asked (shown as you type)", InFooter: true, WhyNot: EngineKeys.WhyNoAnswer),
        new(["i"], DashboardCommand.Inbox, "the inbox: every question that waits, from every run (enter answers the selected one)", WhyNot: EngineKeys.WhyNoAnswer),
        new(["b"], DashboardCommand.Branch, "the run's or the selected job's branch: its commits (enter opens one's patch) and the PR", WhyNot: JobKeys.WhyNoBranch),
        new(["m"], DashboardCommand.Report, "the morning report: what happened since you last read it, as `ias report` (closing it marks it read)"),
        new(["l"], DashboardCommand.Runs, "the checkout's runs, live and past: enter watches one"),
        new(["d"], DashboardCommand.DropIn, "drop into the agent session of the run (halts it) or of the queue's selected job here; leaving it comes back", Confirm: "Open the agent here (a sprint's run halts first)?", WhyNot: JobKeys.WhyNoDropIn),
        new(["s"], DashboardCommand.DropInShell, "a shell in the run's work tree (halts the run; exit comes back)", Confirm: "Halt the run and open a shell in its work tree?", WhyNot: EngineKeys.WhyNoDropIn),
        new(["u"], DashboardCommand.StartRunner, "start the queue run's runner here, detached, as `ias run-loop --detach` (its log: the run's runner/runner.log)", InFooter: true, Confirm: "Start the queue run's runner here, detached?", WhyNot: RunnerKeys.WhyNoStart, Ask: RunnerKeys.StartQuestion),
        new(["x"], DashboardCommand.StopRunner, "stop the queue run's runner after its current job, as `ias halt`", InFooter: true, Confirm: "Stop the queue's runner after its current job?", WhyNot: RunnerKeys.WhyNoStop),
        new(["p"], DashboardCommand.Replay, "replay the watched run from its stored events (in the runs list: the selected run); nothing of it changes", WhyNot: ReplayKeys.WhyNoReplay),
        new(["space"], DashboardCommand.ReplayPause, "replay: pause, or play on", WhyNot: ReplayKeys.WhyNotReplaying),
        new(["left"], DashboardCommand.ReplayBack, "replay: one event back", WhyNot: ReplayKeys.WhyNotReplaying),
        new(["right"], DashboardCommand.ReplayForward, "replay: one event on", WhyNot: ReplayKeys.WhyNotReplaying),
        new(["["], DashboardCommand.ReplayPhaseBack, "replay: back to the start of the phase (then of the one before)", WhyNot: ReplayKeys.WhyNotReplaying),
        new(["]"], DashboardCommand.ReplayPhaseForward, "replay: on to the next phase", WhyNot: ReplayKeys.WhyNotReplaying),
        new(["+"], DashboardCommand.ReplayFaster, "replay: faster (up to 64x)", WhyNot: ReplayKeys.WhyNotReplaying),
        new(["-"], DashboardCommand.ReplaySlower, "replay: slower (down to 0.25x)", WhyNot: ReplayKeys.WhyNotReplaying),
        new(["tab"], DashboardCommand.FocusNext, "focus the next pane", InFooter: true, FooterLabel: "tab"),
        new(["shift-tab"], DashboardCommand.FocusPrevious, "focus the previous pane"),
    ];

    /// <summary>The rows below the panes' number keys: moving, the log, help and leaving.</summary>
    private static readonly KeyBinding[] Moving =
    [
        new(["j", "down"], DashboardCommand.Down, "move down / scroll down", InFooter: true, FooterLabel: "j/k"),
        new(["k", "up"], DashboardCommand.Up, "move up / scroll up"),
        new(["pgdn"], DashboardCommand.PageDown, "page down"),
        new(["pgup"], DashboardCommand.PageUp, "page up"),
        new(["g", "home"], DashboardCommand.Top, "go to the top"),
        new(["G", "end"], DashboardCommand.Bottom, "go to the bottom"),
        new(["enter"], DashboardCommand.Open, "open the selected job's log", InFooter: true),
        new(["esc"], DashboardCommand.Back, "back: close help, a dialog, the search or the filter, then leave a replay (never quits; q closes an overlay too)"),
        new(["/"], DashboardCommand.Search, "search the log: matches are marked, enter goes to the first", InFooter: true),
        new(["n"], DashboardCommand.SearchNext, "next match of the search"),
        new(["N"], DashboardCommand.SearchPrevious, "previous match of the search"),
        new(["&"], DashboardCommand.Filter, "filter the log: only the lines that match"),
        new(["f"], DashboardCommand.Follow, "follow the log", InFooter: true),
        new(["w"], DashboardCommand.Wrap, "wrap long log lines"),
        new(["?"], DashboardCommand.Help, "help: every key", InFooter: true),
        new(["q"], DashboardCommand.Quit, "quit the dashboard (the engine keeps running)", InFooter: true),
    ];

    private readonly Dictionary<string, KeyBinding> _byKey = new(StringComparer.Ordinal);

    /// <summary>The table with <paramref name="paneKeys"/> (one <see cref="Focus"/> row per pane) between focus cycling and moving.</summary>
    public KeyBindings(IEnumerable<KeyBinding> paneKeys)
    {
        All = [.. Control, .. paneKeys, .. Moving];
        foreach (var binding in All)
        {
            foreach (var key in binding.Keys)
            {
                if (!_byKey.TryAdd(key, binding))
                {
                    throw new ArgumentException($"key {key} is bound twice, to \"{_byKey[key].Description}\" and to \"{binding.Description}\": give one of them another key", nameof(paneKeys));
                }
            }
        }
    }

    public IReadOnlyList<KeyBinding> All { get; }

    /// <summary>The row of a pane's number key: <paramref name="key"/> focuses the pane named <paramref name="pane"/>.</summary>
    public static KeyBinding Focus(string key, string pane, string description) => new([key], DashboardCommand.Focus, description, Pane: pane);

    /// <summary>The binding of a key name (`h`, `shift-tab`, `down`), or null.</summary>
    public KeyBinding? For(string key) => _byKey.GetValueOrDefault(key);

    public KeyBinding Of(DashboardCommand command) => All.First(b => b.Command == command);

    /// <summary>The footer's hints in table order, as (keys, description) pairs.</summary>
    public IEnumerable<(string Keys, string Description)> Footer() =>
        All.Where(b => b.InFooter).Select(b => (b.KeyLabel, FooterWord(b.Command)));

    /// <summary>
    /// The hints that fit in <paramref name="width"/> columns ("keys word  " each), leaving out the keys that cannot act on
    /// <paramref name="snap"/>: the last ones are dropped first, but help and quit stay, so a small pane still says how to
    /// learn the rest and how to leave.
    /// </summary>
    public IReadOnlyList<(string Keys, string Description)> Footer(int width, EngineSnapshot? snap = null)
    {
        var hints = All.Where(b => b.InFooter && (snap is null || b.CannotAct(snap) is null)).ToList();
        static int Width(KeyBinding b) => b.KeyLabel.Length + FooterWord(b.Command).Length + 3;
        while (hints.Sum(Width) > width && hints.FindLastIndex(b => b.Command is not (DashboardCommand.Help or DashboardCommand.Quit)) is var i and >= 0)
        {
            hints.RemoveAt(i);
        }

        return [.. hints.Select(b => (b.KeyLabel, FooterWord(b.Command)))];
    }

    /// <summary>The key table of docs/dashboard.md, generated from the same rows.</summary>
    public string Markdown()
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
        DashboardCommand.Answer => "answer",
        DashboardCommand.Resume => "resume",
        DashboardCommand.StartRunner => "start",
        DashboardCommand.StopRunner => "stop",
        DashboardCommand.FocusNext => "pane",
        DashboardCommand.Down => "move",
        DashboardCommand.Open => "open",
        DashboardCommand.Search => "search",
        DashboardCommand.Follow => "follow",
        DashboardCommand.Help => "help",
        DashboardCommand.Quit => "quit",
        _ => c.ToString().ToLowerInvariant(),
    };
}
