using System.Runtime.CompilerServices;
using Ias.Core.Snapshots;
using Ias.Tui.Views.Overlays;
using Ias.Tui.Views.Panes;

namespace Ias.Tui.Views;

/// <summary>
/// What the person at the keyboard has chosen to look at, changed by key handling; and what the dashboard says besides
/// the snapshot, which its clock changes too: the footer's message, and an engine it started that has no run yet.
/// </summary>
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

    /// <summary>What the log search looks for: its matches are marked, and n/N go from one to the next.</summary>
    public string Search { get; init; } = "";

    /// <summary>The visible log line of the match the search went to last; null before the first.</summary>
    public int? SearchAt { get; init; }

    /// <summary>What the keys act on: the panes, a typed line, a confirm or an overlay.</summary>
    public Mode Mode { get; init; } = Mode.Panes;

    /// <summary>One line of feedback in the footer, for <see cref="MessageLife"/> (see <see cref="Say"/> and <see cref="At"/>).</summary>
    public string? Message { get; init; }

    /// <summary>When <see cref="Message"/> goes; null until the dashboard's clock has seen it.</summary>
    public DateTimeOffset? MessageUntil { get; init; }

    /// <summary>The engine the dashboard started, while the run it starts has not shown yet; null otherwise.</summary>
    public Launch? Launch { get; init; }

    /// <summary>The name of the checkout whose run is watched, which the header says on a dashboard of every checkout; null on one of a checkout alone.</summary>
    public string? Checkout { get; init; }

    /// <summary>The replay shown instead of the run as it is: where it stands in the run's timeline; null for a live dashboard.</summary>
    public ReplayCursor? Replay { get; init; }

    /// <summary>How long a message stays: long enough to read a line, short enough not to be taken for the run's state later.</summary>
    public static TimeSpan MessageLife { get; } = TimeSpan.FromSeconds(4);

    /// <summary>The state with a new message, whose life starts at the clock's next look.</summary>
    public DashboardState Say(string? message) => this with { Message = message, MessageUntil = null };

    /// <summary>The state at <paramref name="now"/>: a new message's life starts, a message past its life goes.</summary>
    public DashboardState At(DateTimeOffset now) => Message is null ? this
        : MessageUntil is not { } until ? this with { MessageUntil = now + MessageLife }
        : now >= until ? this with { Message = null, MessageUntil = null }
        : this;

    /// <summary>
    /// The state after a frame whose overlay declined to open (<see cref="OverlayFacts.Declined"/>): the overlay closed and
    /// why in the footer, so a key never leaves an empty box that takes the keys; this state after any other frame.
    /// </summary>
    public DashboardState After(ScreenFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.Overlay.Declined is { } why && Mode.Shown() is not null ? Say(why) with { Mode = Mode.Panes } : this;
    }

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

        return Newest.GetValue(snap.Jobs, NewestStarted).Value;
    }

    // Found once per list of rows (a snapshot's rows are never changed, only replaced): a queue of 100,000 pending jobs
    // is not walked at every tick.
    private static readonly ConditionalWeakTable<IReadOnlyList<JobRow>, StrongBox<int>> Newest = [];

    /// <summary>The newest row that has started: a Run Mode run has one pending row, the next phase; a job queue may have many behind the running one.</summary>
    private static StrongBox<int> NewestStarted(IReadOnlyList<JobRow> rows)
    {
        for (var i = rows.Count - 1; i > 0; i--)
        {
            if (!rows[i].Status.Waits())
            {
                return new(i);
            }
        }

        return new(0);
    }
}
