using Ias.Core.Snapshots;
using Ias.Core.Storage;

namespace Ias.Tui.Dashboard;

/// <summary>
/// For a dashboard whose runs list shows every checkout's runs (`ias dashboard --all`): the user's registry of checkouts,
/// how to open another checkout to watch one of its runs in place (the dashboard closes that checkout's shared queue when
/// it leaves it), and how to open a checkout's shared queue for the list alone (the list closes it).
/// </summary>
public sealed record EveryCheckout(CheckoutRegistry Registry, Func<string, DashboardCheckout> Open, Func<string, SharedQueue?> TeamQueue);
