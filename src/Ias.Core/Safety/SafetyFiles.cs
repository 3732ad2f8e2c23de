using Ias.Core.Storage;

namespace Ias.Core.Safety;

/// <summary>`.run/circuit-breaker.json` and `.run/rate-limit.json`, under the ownership rule of <see cref="StateFiles"/>.</summary>
public sealed class SafetyFiles(StateFiles files)
{
    private RunPaths Paths => files.Paths;

    /// <summary>Takes both files as they are now as this process's own; throws if one exists and is corrupt.</summary>
    public void Adopt()
    {
        files.Adopt(Paths.CircuitBreaker, BreakerJson.Parse);
        files.Adopt(Paths.RateLimit, RateLimitJson.Parse);
    }

    public void WriteBreaker(BreakerSnapshot breaker) => files.Write(Paths.CircuitBreaker, BreakerJson.Render(breaker), BreakerJson.Parse);

    public void WriteRateLimit(RateLimitSnapshot rateLimit) => files.Write(Paths.RateLimit, RateLimitJson.Render(rateLimit), RateLimitJson.Parse);

    public BreakerSnapshot? ReadBreaker() => files.Read(Paths.CircuitBreaker, BreakerJson.Parse);

    public RateLimitSnapshot? ReadRateLimit() => files.Read(Paths.RateLimit, RateLimitJson.Parse);
}
