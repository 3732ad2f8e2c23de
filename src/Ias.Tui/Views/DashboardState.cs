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

    public bool Help { get; init; }

    /// <summary>First binding the help overlay shows when the terminal is too short for all of them.</summary>
    public int HelpTop { get; init; }

    /// <summary>A destructive command waiting for y; anything else answers No.</summary>
    public KeyBinding? Confirm { get; init; }

    /// <summary>One line of feedback shown in the footer until the next key.</summary>
    public string? Message { get; init; }

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

        var last = snap.Jobs.Count - 1;
        return snap.Jobs[last].Status == JobStatus.Pending && last > 0 ? last - 1 : last;
    }
}
