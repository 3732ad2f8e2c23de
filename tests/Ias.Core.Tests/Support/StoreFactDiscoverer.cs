using Xunit.Abstractions;
using Xunit.Sdk;

namespace Ias.Core.Tests.Support;

/// <summary>Finds a <see cref="StoreFactAttribute"/> fact once per class that inherits it, skipped where its class needs a server there is none of.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        var display = discoveryOptions.MethodDisplayOrDefault();
        var options = discoveryOptions.MethodDisplayOptionsOrDefault();
        var skip = testMethod.TestClass.Class.GetCustomAttributes(typeof(NeedsPostgresAttribute)).Any() ? PostgresCluster.Problem() : null;
        IXunitTestCase test = skip is null
            ? new XunitTestCase(diagnostics, display, options, testMethod)
            : new XunitSkippedDataRowTestCase(diagnostics, display, options, testMethod, skip);
        return [test];
    }
}
