using Ias.Core.Storage;

namespace Ias.Core.Safety;

/// <summary>Safety's rows in ias.db (see <see cref="SafetySchema"/>): each run's circuit breaker and the repository's rate budget, as JSON snapshots.</summary>
public sealed class SafetyStore(RunStore db)
{
    public void SaveBreaker(string runId, BreakerSnapshot breaker) => db.Execute(
        "INSERT INTO breaker (run_id, snapshot) VALUES ($id, $s) ON CONFLICT (run_id) DO UPDATE SET snapshot = excluded.snapshot;",
        ("$id", runId),
        ("$s", JsonText.RenderCompact(w => BreakerJson.Write(w, breaker))));

    public BreakerSnapshot? LoadBreaker(string runId) =>
        db.Query("SELECT snapshot FROM breaker WHERE run_id = $id;", r => r.GetString(0), ("$id", runId))
            .Select(json => db.ReadJson(json, $"breaker of run {runId}", e => BreakerJson.Parse(FieldReader.Root(e))))
            .FirstOrDefault();

    /// <summary>The rate budget is per repository, not per run: calls are counted per hour across runs.</summary>
    public void SaveRateLimit(RateLimitSnapshot rateLimit) => db.Execute(
        "INSERT INTO rate_limit (id, snapshot) VALUES (1, $s) ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot;",
        ("$s", JsonText.RenderCompact(w => RateLimitJson.Write(w, rateLimit))));

    public RateLimitSnapshot? LoadRateLimit() =>
        db.Query("SELECT snapshot FROM rate_limit WHERE id = 1;", r => r.GetString(0))
            .Select(json => db.ReadJson(json, "rate limit", e => RateLimitJson.Parse(FieldReader.Root(e))))
            .FirstOrDefault();
}
