using System.Data.Common;
using Ias.Core.Config;
using Ias.Core.Storage;

namespace Ias.Core.Snapshots;

/// <summary>
/// The runs of every checkout the user's <see cref="CheckoutRegistry"/> remembers, for a dashboard that watches them all:
/// grouped by checkout, <paramref name="here"/>'s first and the others in the registry's order, each group latest active
/// first, each run naming its checkout. A checkout's own <see cref="RunsList"/> (with its team's queue from
/// <paramref name="teamQueue"/>, when it has one) stays open while the list is read, and is closed when the checkout leaves
/// the registry or this list is disposed. A checkout whose runs cannot be read (its database broken, locked or newer than
/// this ias, its config unreadable) is left out of that look instead of breaking the list.
/// </summary>
public sealed class AllRunsList(CheckoutRegistry registry, string? here, Func<string, SharedQueue?> teamQueue) : IDisposable
{
    private readonly Dictionary<string, (RunsList List, SharedQueue? Shared)> _open = new(StringComparer.Ordinal);

    /// <summary>Every checkout's runs now.</summary>
    public IReadOnlyList<RunSummary> Read()
    {
        ArgumentNullException.ThrowIfNull(registry);
        var first = here is null ? null : Path.TrimEndingDirectorySeparator(here);
        var roots = registry.Checkouts().Where(r => r != first).ToList();
        if (here is not null)
        {
            roots.Insert(0, here);
        }

        foreach (var gone in _open.Keys.Except(roots, StringComparer.Ordinal).ToList())
        {
            Close(gone);
        }

        return [.. roots.SelectMany(Runs)];
    }

    private List<RunSummary> Runs(string root)
    {
        try
        {
            if (!_open.TryGetValue(root, out var open))
            {
                var shared = teamQueue(root);
                open = _open[root] = (new RunsList(new RunPaths(root), shared), shared);
            }

            return [.. open.List.Read().Select(r => r with { Checkout = root })];
        }
        catch (Exception e) when (e is StateFileException or SchemaException or ConfigException or DbException or IOException or UnauthorizedAccessException)
        {
            Close(root);
            return [];
        }
    }

    private void Close(string root)
    {
        if (_open.Remove(root, out var open))
        {
            open.List.Dispose();
            open.Shared?.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var root in _open.Keys.ToList())
        {
            Close(root);
        }
    }
}
