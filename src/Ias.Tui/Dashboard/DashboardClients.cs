using System.Diagnostics;
using Ias.Core.Control;
using Ias.Core.Snapshots;

namespace Ias.Tui.Dashboard;

/// <summary>What every checkout's clients share: the clock, how an engine is started, the terminal that rings, and every checkout's list.</summary>
internal sealed record Surroundings(TimeProvider Clock, IEngineStarter Starter, Stream Terminal, EveryCheckout? Everywhere);

/// <summary>
/// Everything outside the screen a session reads from and sends to, each through its client, all of one checkout: the
/// watched run's reader, the engine's and the questions' clients, what the overlays read, the notifications, the team's
/// queue and the runners. Watching a run of another checkout replaces them all with that checkout's.
/// </summary>
internal sealed class DashboardClients : IDisposable
{
    private readonly Surroundings _around;

    // Opened by the dashboard itself (another checkout of the list), so its team's queue is closed with it.
    private bool _owned;

    private DashboardClients(DashboardCheckout checkout, DashboardTarget target, Surroundings around, Process? engine, bool owned)
    {
        // A Run Mode run's clients are those of its lane: its engine, its state files, its requests.
        checkout = target.QueueRun is null && target.Lane != checkout.Paths.Lane ? checkout with { Paths = checkout.Paths.InLane(target.Lane) } : checkout;
        (Checkout, _around, _owned) = (checkout, around, owned);
        Watched = new WatchedRun(checkout.Paths, around.Clock, target, checkout.Shared);
        Control = new EngineControl(checkout.Paths, around.Clock, around.Starter) { Started = engine };
        Decisions = new DecisionClient(checkout.Paths, checkout.Shared, around.Clock);
        Sources = new OverlaySources(checkout, () => Watched.Target, around.Everywhere, around.Clock);
        Notifications = DashboardNotifications.Open(checkout.Paths, checkout.Notify, around.Terminal);
    }

    public DashboardCheckout Checkout { get; }

    public WatchedRun Watched { get; }

    public EngineControl Control { get; }

    public DecisionClient Decisions { get; }

    public OverlaySources Sources { get; }

    public DashboardNotifications? Notifications { get; }

    public SharedQueue? Shared => Checkout.Shared;

    /// <summary>What u and x do to a queue run's runner.</summary>
    public IRunnerControl? Runners => Checkout.Runners;

    /// <summary>The checkouts whose runs the list shows besides this one's; null when it shows this one's alone.</summary>
    public EveryCheckout? Everywhere => _around.Everywhere;

    /// <summary>What the header calls this checkout when the dashboard watches every one: its folder's name; null otherwise.</summary>
    public string? Name =>
        Everywhere is null ? null
        : Path.GetFileName(Path.TrimEndingDirectorySeparator(Checkout.Paths.RepoRoot)) is { Length: > 0 } name ? name
        : Checkout.Paths.RepoRoot;

    /// <summary>The clients of the checkout the dashboard opens with, watching <paramref name="target"/>; <paramref name="engine"/> is the one it started, if any.</summary>
    public static DashboardClients Open(DashboardCheckout checkout, DashboardTarget target, Surroundings around, Process? engine) =>
        new(checkout, target, around, engine, owned: false);

    /// <summary>The clients of <paramref name="other"/>, watching <paramref name="target"/> there, with what these share.</summary>
    public DashboardClients For(DashboardCheckout other, DashboardTarget target) => new(other, target, _around, engine: null, owned: true);

    /// <summary>The clients of this checkout's lane of <paramref name="target"/>, which take over what these own.</summary>
    public DashboardClients InLane(DashboardTarget target)
    {
        var next = new DashboardClients(Checkout, target, _around, engine: null, _owned);
        _owned = false;
        return next;
    }

    public void Dispose()
    {
        Watched.Dispose();
        Sources.Dispose();
        Notifications?.Dispose();
        if (_owned)
        {
            Checkout.Shared?.Dispose();
        }
    }
}
