namespace Ias.Core.Tests.Support;

/// <summary>A theory that needs a real PostgreSQL server; skipped, with the reason, where <see cref="PostgresCluster"/> cannot start one.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        Skip = PostgresCluster.Problem();
    }
}
