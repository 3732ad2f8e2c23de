using Ias.Core.Safety;
using Ias.Core.Storage;
using Ias.Core.Tests.Support;

namespace Ias.Core.Tests.Safety;

/// <summary>Safety's rows in ias.db: each run's circuit breaker and the repository's rate budget.</summary>
public sealed class SafetyStoreTests
{
    [Fact]
    public void Breaker_and_rate_limit_snapshots_round_trip()
    {
        using var dir = new TempDir();
        using var store = RunStore.Open(dir.Combine("ias.db"));
        var safety = new SafetyStore(store);
        Assert.Null(safety.LoadBreaker("run-a"));
        Assert.Null(safety.LoadRateLimit());

        safety.SaveBreaker("run-a", Samples.Breaker() with { SameIssueCount = 0 });
        safety.SaveBreaker("run-a", Samples.Breaker());
        safety.SaveRateLimit(Samples.RateLimit() with { CallsThisHour = 1 });
        safety.SaveRateLimit(Samples.RateLimit());

        Samples.AssertSame(Samples.Breaker(), safety.LoadBreaker("run-a"));
        Assert.Null(safety.LoadBreaker("run-b"));
        Assert.Equal(Samples.RateLimit(), safety.LoadRateLimit());
    }
}
