using Ias.Tui.Input;

namespace Ias.Tui.Views.Overlays;

/// <summary>The dashboard's overlays: opening one, its keys and drawing it all come from this list, so a new overlay is one line in <see cref="Default"/>.</summary>
public sealed class OverlayRegistry
{
    public OverlayRegistry(IReadOnlyList<IOverlay> overlays)
    {
        ArgumentNullException.ThrowIfNull(overlays);
        if (overlays.GroupBy(o => o.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"two overlays are named {twice.Key}: give one of them another {nameof(IOverlay.Id)}", nameof(overlays));
        }

        if (overlays.GroupBy(o => o.Opens).FirstOrDefault(g => g.Count() > 1) is { } same)
        {
            throw new ArgumentException($"two overlays open on {same.Key}: give one of them another command", nameof(overlays));
        }

        All = overlays;
    }

    /// <summary>The dashboard's overlays.</summary>
    public static OverlayRegistry Default { get; } = new(
    [
        new HelpOverlay(),
        new BranchOverlay(),
        new RunsOverlay(),
        new InboxOverlay(),
        new WhyOverlay(),
        new ReportOverlay(),
    ]);

    public IReadOnlyList<IOverlay> All { get; }

    /// <summary>The overlay <paramref name="id"/> names.</summary>
    public IOverlay Of(string id) => All.First(o => o.Id == id);

    /// <summary>The overlay <paramref name="command"/> opens; null for a command that opens none.</summary>
    public IOverlay? Opening(DashboardCommand command) => All.FirstOrDefault(o => o.Opens == command);
}
