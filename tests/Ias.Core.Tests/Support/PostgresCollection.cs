namespace Ias.Core.Tests.Support;

/// <summary>
/// The test classes that share one <see cref="PostgresClusterFixture"/>: mark each with [Collection(PostgresCollection.Name)].
/// xunit finds a collection's definition only in the assembly of its tests, so each test project compiles this file.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "postgres";
}
