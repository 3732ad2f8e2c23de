namespace Ias.Core.Tests.Support;

/// <summary>A test that needs a real PostgreSQL server; skipped, with the reason, where <see cref="PostgresCluster"/> cannot start one.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        Skip = PostgresCluster.Problem();
    }
}
