using Ias.Core.Agents.Adapters;
using Ias.Core.Config;
using Ias.Core.Jobs.Queue;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Jobs;

public sealed class QueueBackendsTests
{
    [Fact]
    public void Every_backend_the_config_can_name_has_one_entry_under_the_name_the_config_reads()
    {
        Assert.Equal(Enum.GetValues<QueueBackend>(), QueueBackends.All.Select(b => b.Backend).Order());
        foreach (var entry in QueueBackends.All)
        {
            var config = ConfigLoader.Parse($"ias:\n  queue:\n    backend: {entry.Name}\n", ".loa.config.yaml", AgentAdapters.Builtin.Kinds).Config;

            Assert.Same(entry, QueueBackends.Of(config.Queue.Backend));
        }
    }

    [Fact]
    public void The_default_config_opens_the_checkouts_own_database_which_runners_elsewhere_do_not_share()
    {
        using var dir = new TempDir();
        new RunPaths(dir.Path).EnsureCreated();
        var config = ConfigLoader.Parse("", ".loa.config.yaml", AgentAdapters.Builtin.Kinds).Config;

        using var stores = QueueBackends.Open(dir.Path, config);

        Assert.False(stores.Queue.Shared);
        Assert.False(QueueBackends.Of(config.Queue.Backend).Shared);
        Assert.NotNull(stores.Local);
        Assert.True(stores.Queue.AddQueueRun("night", QueueFixture.Start));
    }
}
