using Xunit.Sdk;

namespace Ias.Core.Tests.Support;

/// <summary>
/// A fact of a suite that several classes inherit, each on its own backend: on a class marked <see cref="NeedsPostgresAttribute"/>
/// it is skipped, with the reason, where <see cref="PostgresCluster"/> cannot start a server, as a <see cref="PostgresFactAttribute"/> is.
/// </summary>
[XunitTestCaseDiscoverer("Ias.Core.Tests.Support.StoreFactDiscoverer", "Ias.Core.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;
