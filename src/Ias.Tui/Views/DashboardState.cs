using Ias.Core.Snapshots;
using Ias.Tui.Input;

namespace Ias.Tui.Views;

/// <summary>What the person at the keyboard has chosen to look at; changed only by key handling.</summary>
public sealed record DashboardState
{
    /// <summary>The <see cref="IPane.Id"/> of the focused pane; null focuses the first pane.</summary>
    public string? Focus { get; init; }

    /// <summary>Index of the selected queue row; with <see cref="Follow"/> it tracks the newest job.</summary>
    public int Selected { get; init; }

    /// <summary>First visible log line when not following; following keeps the log at its end.</summary>
    public int LogTop { get; init; }

    public bool Follow { get; init; } = true;

    public bool Wrap { get; init; }

    public string Filter { get; init; } = "";

    public bool EditingFilter { get; init; }

    /// <summary>What the log search looks for: its matches are marked, and n/N go from one to the next.</summary>
    public string Search { get; init; } = "";

    public bool EditingSearch { get; init; }

    /// <summary>The answer being typed, to <see cref="Asking"/>.</summary>
    public string Answer { get; init; } = "";

    /// <summary>The id of the question the answer goes to; null answers the oldest open one.</summary>
    public string? Asking { get; init; }

    public bool EditingAnswer { get; init; }

    /// <summary>The visible log line of the match the search went to last; null before the first.</summary>
    public int? SearchAt { get; init; }

    public bool Help { get; init; }

    /// <summary>Whether the branch overlay is open: the run's commits and its PR.</summary>
    public bool Branch { get; init; }

    /// <summary>The commit the branch overlay's list has selected, newest first.</summary>
    public int BranchSelected { get; init; }

    /// <summary>The commit whose message and patch the overlay shows; null shows the list.</summary>
    public string? BranchCommit { get; init; }

    /// <summary>First line of the opened commit in view.</summary>
    public int BranchTop { get; init; }

    /// <summary>Whether the runs list is open: the checkout's runs, live and past, to watch another.</summary>
    public bool Runs { get; init; }

    /// <summary>The run the runs list has selected, latest active first.</summary>
    public int RunsSelected { get; init; }

    /// <summary>Whether the inbox is open: every question that waits for a person, to answer any of them.</summary>
    public bool Inbox { get; init; }

    /// <summary>The question the inbox has selected, oldest first.</summary>
    public int InboxSelected { get; init; }

    /// <summary>First binding the help overlay shows when the terminal is too short for all of them.</summary>
    public int HelpTop { get; init; }

    /// <summary>A destructive command waiting for y; anything else answers No.</summary>
    public KeyBinding? Confirm { get; init; }

    /// <summary>One line of feedback in the footer, for <see cref="MessageLife"/> (see <see cref="Say"/> and <see cref="At"/>).</summary>
    public string? Message { get; init; }

    /// <summary>When <see cref="Message"/> goes; null until the dashboard's clock has seen it.</summary>
    public DateTimeOffset? MessageUntil { get; init; }

    /// <summary>How long a message stays: long enough to read a line, short enough not to be taken for the run's state later.</summary>
    public static TimeSpan MessageLife { get; } = TimeSpan.FromSeconds(4);

    /// <summary>The state with a new message, whose life starts at the clock's next look.</summary>
    public DashboardState Say(string? message) => this with { Message = message, MessageUntil = null };

    /// <summary>The state at <paramref name="now"/>: a new message's life starts, a message past its life goes.</summary>
    public DashboardState At(DateTimeOffset now) => Message is null ? this
        : MessageUntil is not { } until ? this with { MessageUntil = now + MessageLife }
        : now >= until ? this with { Message = null, MessageUntil = null }
        : this;

    /// <summary>The queue row whose log shows: the chosen one, or while following the newest job that has started.</summary>
    public int SelectedIndex(EngineSnapshot snap)
    {
        if (snap.Jobs.Count == 0)
        {
            return 0;
        }

        if (!Follow)
        {
            return Math.Clamp(Selected, 0, snap.Jobs.Count - 1);
        }

        // A Run Mode run has one pending row, the next phase; a job queue may have many behind the running one.
        for (var i = snap.Jobs.Count - 1; i > 0; i--)
        {
            if (snap.Jobs[i].Status != JobStatus.Pending)
            {
                return i;
            }
        }

        return 0;
    }
}
