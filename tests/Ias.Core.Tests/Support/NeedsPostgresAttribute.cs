namespace Ias.Core.Tests.Support;

/// <summary>Marks a test class whose inherited <see cref="StoreFactAttribute"/> facts need a real PostgreSQL server.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NeedsPostgresAttribute : Attribute;
