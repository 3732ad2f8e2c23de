using Ias.Core.Snapshots;
using Ias.Tui.Input;

namespace Ias.Tui.Views.Panes;

/// <summary>
/// The dashboard's panes in focus order. Focus cycling, the number keys, the layouts, the tab strip, the help overlay
/// and redraw detection all come from this list, so a new pane is one line in <see cref="Default"/>.
/// </summary>
public sealed class PaneRegistry
{
    public PaneRegistry(IReadOnlyList<IPane> panes)
    {
        ArgumentNullException.ThrowIfNull(panes);
        if (panes.Count == 0)
        {
            throw new ArgumentException("a dashboard needs at least one pane", nameof(panes));
        }

        if (panes.GroupBy(p => p.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"two panes are named {twice.Key}: give one of them another {nameof(IPane.Id)}", nameof(panes));
        }

        All = panes;
        Keys = new KeyBindings(panes.Select(p => KeyBindings.Focus(p.Key, p.Id, p.KeyDescription)));
    }

    /// <summary>The dashboard's panes.</summary>
    public static PaneRegistry Default { get; } = new(
    [
        new QueuePane(),
        new LogPane(),
        new BreakerPane(),
        new RatePane(),
    ]);

    public IReadOnlyList<IPane> All { get; }

    /// <summary>The binding table, with each pane's number key among its rows.</summary>
    public KeyBindings Keys { get; }

    /// <summary>The focused pane: the one <see cref="DashboardState.Focus"/> names, else the first.</summary>
    public IPane Focused(DashboardState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return All.FirstOrDefault(p => p.Id == state.Focus) ?? All[0];
    }

    /// <summary>The pane <paramref name="step"/> places after the focused one, round the end of the list.</summary>
    public IPane Step(DashboardState state, int step)
    {
        var at = All.Select((p, i) => (p, i)).First(x => ReferenceEquals(x.p, Focused(state))).i;
        return All[(((at + step) % All.Count) + All.Count) % All.Count];
    }

    /// <summary>What every pane shows of <paramref name="snapshot"/>, as one text.</summary>
    public string Fingerprint(EngineSnapshot snapshot) => string.Join('|', All.Select(p => p.Fingerprint(snapshot)));
}
