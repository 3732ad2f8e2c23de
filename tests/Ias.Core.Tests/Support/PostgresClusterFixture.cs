namespace Ias.Core.Tests.Support;

/// <summary>One cluster shared by the tests of a collection, started by the first that asks, so a run that skips them all starts none.</summary>
public sealed class PostgresClusterFixture : IDisposable
{
    private readonly Lazy<PostgresCluster> _cluster = new(PostgresCluster.Start);

    /// <summary>The shared cluster; the first call starts it, and a failed start fails every test that asks.</summary>
    public PostgresCluster Cluster => _cluster.Value;

    /// <summary>A fresh empty database in the shared cluster; its connection string.</summary>
    public string CreateDatabase() => Cluster.CreateDatabase();

    public void Dispose()
    {
        if (_cluster.IsValueCreated)
        {
            _cluster.Value.Dispose();
        }
    }
}
