using Ias.Core.Snapshots;
using Ias.Core.Storage;
using Ias.Core.Tests.Jobs;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Snapshots;

/// <summary>The runs of every checkout the registry remembers: grouped by checkout, this one's first, one broken checkout breaking nothing.</summary>
public sealed class AllRunsListTests : IDisposable
{
    private readonly TempDir _state = new();
    private readonly QueueFixture _api = new();
    private readonly QueueFixture _web = new();

    public void Dispose()
    {
        _state.Dispose();
        _api.Dispose();
        _web.Dispose();
    }

    [Fact]
    public void Every_remembered_checkouts_runs_are_listed_under_their_checkout_this_one_first()
    {
        var registry = Remembering(_api.Root, _web.Root);
        var opened = new List<string>();
        using var list = new AllRunsList(registry, _web.Root, root =>
        {
            opened.Add(root);
            return null;
        });

        var runs = list.Read();
        list.Read();

        Assert.Equal([_web.Root, _api.Root], runs.Select(r => r.Checkout));
        Assert.Equal(["night", "night"], runs.Select(r => r.Id));
        // Each checkout's team queue is asked for once while the list stays open, not at each look.
        Assert.Equal([_web.Root, _api.Root], opened);
    }

    [Fact]
    public void A_checkout_that_is_gone_leaves_the_list_at_the_next_look()
    {
        var gone = new QueueFixture();
        var registry = Remembering(_api.Root, gone.Root);
        using var list = new AllRunsList(registry, _api.Root, _ => null);
        Assert.Equal(2, list.Read().Count);

        gone.Dispose();

        Assert.Equal([_api.Root], list.Read().Select(r => r.Checkout));
        Assert.Equal([_api.Root], registry.Checkouts());
    }

    [Fact]
    public void A_checkout_whose_database_cannot_be_read_is_left_out_and_the_others_are_listed()
    {
        using var broken = new TempDir();
        Directory.CreateDirectory(broken.Combine(".run"));
        File.WriteAllText(broken.Combine(".run", "ias.db"), "this is not a database, and it is long enough for SQLite to read its header\n");
        var registry = Remembering(_api.Root, broken.Path);
        using var list = new AllRunsList(registry, _api.Root, _ => null);

        Assert.Equal([_api.Root], list.Read().Select(r => r.Checkout));
    }

    [Fact]
    public void Outside_any_checkout_the_remembered_ones_are_listed_in_order()
    {
        var registry = Remembering(_web.Root, _api.Root);
        using var list = new AllRunsList(registry, null, _ => null);

        Assert.Equal(new[] { _api.Root, _web.Root }.Order(StringComparer.Ordinal), list.Read().Select(r => r.Checkout));
    }

    private CheckoutRegistry Remembering(params string[] roots)
    {
        var registry = new CheckoutRegistry(_state.Path);
        foreach (var root in roots)
        {
            registry.Remember(root);
        }

        return registry;
    }
}
